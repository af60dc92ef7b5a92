// Plays the spoken answer sentence by sentence as the `audio` events arrive: each WAV is decoded
// with Web Audio and scheduled right after the previous one, so speech starts while the model is
// still writing. Web Audio needs no media-src in the CSP (nothing is fetched, no blob: URLs).
/* global AudioContext */
export function createPlayer ({ onPlayed }) {
  let context = null
  let nextStart = 0
  let played = 0
  // Decoding is asynchronous: chaining keeps the sentences in the order they arrived.
  let queue = Promise.resolve()

  function ensureContext () {
    context ??= new AudioContext()
    return context
  }

  return {
    /** Call from a click: browsers let an AudioContext start only after a user gesture. */
    unlock () {
      ensureContext().resume().catch(() => {})
    },
    reset () {
      played = 0
      onPlayed(played)
    },
    /** Queues one base64 WAV. */
    enqueue (base64) {
      const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))
      queue = queue.then(async () => {
        const audio = ensureContext()
        const buffer = await audio.decodeAudioData(bytes.buffer)
        const source = audio.createBufferSource()
        source.buffer = buffer
        source.connect(audio.destination)
        source.addEventListener('ended', () => {
          played += buffer.duration
          onPlayed(played)
        }, { once: true })
        nextStart = Math.max(nextStart, audio.currentTime)
        source.start(nextStart)
        nextStart += buffer.duration
      }).catch((error) => { console.warn('could not play a sentence', error) })
    }
  }
}
