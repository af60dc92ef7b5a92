// Plays the spoken answer sentence by sentence as the `audio` events arrive: each WAV is decoded
// with Web Audio and scheduled right after the previous one, so speech starts while the model is
// still writing. Web Audio needs no media-src in the CSP (nothing is fetched, no blob: URLs).
// `onSpeaking` is told which sentence is heard: each one's caption when it starts, null when nothing
// is (between sentences that arrive late, after the last one, once stopped).
/* global AudioContext */
export function createPlayer ({ onPlayed, onSpeaking = () => {} }) {
  let context = null
  let nextStart = 0
  let played = 0
  // What is scheduled and not yet over, and which answer it belongs to: a stopped answer stops
  // speaking, and the sentences still being decoded for it never start.
  const playing = new Set()
  let generation = 0
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
    /** Silences what is playing and drops what waits. */
    stop () {
      generation++
      const stopped = [...playing]
      playing.clear()
      for (const source of stopped) source.stop()
      nextStart = 0
      onSpeaking(null)
    },
    reset () {
      played = 0
      onPlayed(played)
    },
    /** Queues one base64 WAV; `caption` (any value) goes to onSpeaking when it starts. */
    enqueue (base64, caption = null) {
      const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))
      const answer = generation
      queue = queue.then(async () => {
        const audio = ensureContext()
        const buffer = await audio.decodeAudioData(bytes.buffer)
        if (answer !== generation) return
        const source = audio.createBufferSource()
        source.buffer = buffer
        source.connect(audio.destination)
        playing.add(source)
        source.addEventListener('ended', () => {
          // A source stopped early did not play its whole buffer: only whole sentences count.
          if (!playing.delete(source)) return
          played += buffer.duration
          onPlayed(played)
          if (playing.size === 0) onSpeaking(null)
        }, { once: true })
        nextStart = Math.max(nextStart, audio.currentTime)
        source.start(nextStart)
        // A source says nothing when it starts: its caption is shown when its start time comes.
        setTimeout(() => { if (playing.has(source)) onSpeaking(caption) }, (nextStart - audio.currentTime) * 1000)
        nextStart += buffer.duration
      }).catch((error) => { console.warn('could not play a sentence', error) })
    }
  }
}
