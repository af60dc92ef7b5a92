// exec_time of a voice answer as a bar chart: one bar per stage, widths relative to the slowest.
// Widths are set through the CSSOM, which a strict CSP allows (style attributes it would not).
import { showSeconds, t } from './i18n.js'

const STAGES = [['decode', 'stageDecode'], ['stt', 'stageStt'], ['emotion', 'stageEmotion'], ['rag', 'stageRag'], ['tts', 'stageTts']]

export function renderTimings (list, execTime) {
  const longest = Math.max(...STAGES.map(([stage]) => execTime[stage] ?? 0), 0.001)
  list.replaceChildren(...STAGES.map(([stage, label]) => {
    const seconds = execTime[stage] ?? 0
    const item = document.createElement('li')
    item.dataset.stage = stage
    const name = document.createElement('span')
    name.className = 'bar-label'
    name.dataset.i18n = label
    name.textContent = t(label)
    const track = document.createElement('span')
    track.className = 'bar-track'
    const bar = document.createElement('span')
    bar.className = 'bar-fill'
    bar.style.inlineSize = `${Math.max(1, (seconds / longest) * 100)}%`
    track.append(bar)
    const value = document.createElement('span')
    value.className = 'bar-value'
    showSeconds(value, seconds)
    item.append(name, track, value)
    return item
  }))
}
