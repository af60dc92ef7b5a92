// The microphone: MediaRecorder in whatever container the browser produces (Chromium and Firefox
// WebM/Opus, Safari MP4/AAC); the service checks the upload by content, the name is only a hint.
/* global MediaRecorder */
const EXTENSIONS = [['webm', 'webm'], ['ogg', 'ogg'], ['mp4', 'm4a'], ['mpeg', 'mp3'], ['wav', 'wav']]

function fileNameFor (mimeType) {
  const match = EXTENSIONS.find(([part]) => mimeType.includes(part))
  return `question.${match?.[1] ?? 'webm'}`
}

export function canRecord () {
  return typeof MediaRecorder === 'function' && navigator.mediaDevices?.getUserMedia !== undefined
}

/**
 * Starts recording. `onTick(seconds)` reports the length recorded so far; `onFull()`, once, that the
 * recording is about to outgrow `maxBytes` (the next data and the last one, which comes after the
 * stop, are counted in as large as the latest). `stop()` resolves with {recording: Blob, fileName}
 * once the recorder has flushed its last data.
 */
export async function startRecording ({ onTick, maxBytes = Infinity, onFull = () => {} }) {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true } })
  const recorder = new MediaRecorder(stream)
  const chunks = []
  let bytes = 0
  const started = performance.now()
  recorder.addEventListener('dataavailable', (event) => {
    if (event.data.size > 0) chunks.push(event.data)
    bytes += event.data.size
    // The last data arrives after stop(): the display is already cleared by then.
    if (recorder.state !== 'recording') return
    onTick((performance.now() - started) / 1000)
    if (bytes + 2 * event.data.size > maxBytes) {
      maxBytes = Infinity
      onFull()
    }
  })
  const stopped = new Promise((resolve) => { recorder.addEventListener('stop', resolve, { once: true }) })
  // Data every 250 ms drives the elapsed-time display without a timer of its own.
  recorder.start(250)
  return {
    async stop () {
      if (recorder.state !== 'inactive') recorder.stop()
      await stopped
      for (const track of stream.getTracks()) track.stop()
      const type = recorder.mimeType || chunks[0]?.type || 'audio/webm'
      return { recording: new Blob(chunks, { type }), fileName: fileNameFor(type) }
    }
  }
}
