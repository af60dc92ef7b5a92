// The question-and-answer log: one entry per turn, an answer that grows as tokens stream in, and
// its sources as links. An answer that breaks off keeps its words, marked as interrupted (the
// server stores no such turn), with a button to send the question again. Text always goes in
// through textContent, never as HTML.
/* global requestAnimationFrame */
import { t } from './i18n.js'
import { sentenceLanguages } from './sentence-languages.js'

/**
 * The language an answer's words are marked with, for screen readers (the UI's own words follow the
 * toggle): the one the API gives (`language`, in the `done` event and in stored turns), else the
 * service's own, Indonesian: for words still streaming in (the entry is aria-busy, so they are not
 * announced yet), an answer that broke off before `done`, or a turn stored before the API said. A
 * question keeps the page's language: the page cannot know what was typed (see README). The
 * caption of a spoken sentence is marked the same way, with that sentence's language, and so is each
 * sentence of an answer that mixes languages (a spoken one's from its audio events, a written one's
 * from its done event's `sentences`).
 */
export const answerLanguage = (language) => language === 'en' ? 'en' : 'id'

/**
 * An answer's own words, marked with their language, in place of the UI's "Answering…"; when the
 * sentences it was spoken as (`spoken`: the audio events' { sentence, language }, or a text answer's
 * `sentences`) are in more than one language, each is a span marked with its own.
 */
function showAnswer (paragraph, words, language, spoken = []) {
  delete paragraph.dataset.i18n
  paragraph.lang = answerLanguage(language)
  const parts = sentenceLanguages(words, spoken.map((part) => ({ ...part, language: answerLanguage(part.language) })))
  if (parts === null) {
    paragraph.textContent = words
    return
  }
  paragraph.replaceChildren(...parts.map((part) => {
    const span = document.createElement('span')
    span.lang = part.language
    span.textContent = part.text
    return span
  }))
}

/** Only web links become hrefs: a source URL is data, and javascript: must not be clickable. */
function safeUrl (url) {
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null
  } catch {
    return null
  }
}

/** `grew()` is called whenever the log has grown, its newest text in view. */
export function createLog (list, { grew = () => {} } = {}) {
  // Keeps the newest text in view while it grows (on a wide screen the log scrolls on its own).
  const follow = () => {
    list.scrollTop = list.scrollHeight
    grew()
  }
  const live = list.getAttribute('aria-live') ?? 'polite'
  // A change that is no news switches the live region off for a moment; a newer one extends it.
  let silences = 0

  /**
   * Makes `change` with the live region off, back on once a frame has been drawn: browsers hand DOM
   * changes to assistive technology as they draw, and these must get there with it still off.
   */
  function quietly (change) {
    list.setAttribute('aria-live', 'off')
    change()
    const silence = ++silences
    requestAnimationFrame(() => requestAnimationFrame(() => {
      if (silence === silences) list.setAttribute('aria-live', live)
    }))
  }

  /** A turn's entry, not yet in the log. */
  function entry (role) {
    const item = document.createElement('li')
    item.className = `turn ${role}`
    const who = document.createElement('span')
    who.className = 'who'
    // data-i18n: the language toggle relabels the turns already shown.
    who.dataset.i18n = role === 'user' ? 'you' : 'assistant'
    who.textContent = t(who.dataset.i18n)
    const text = document.createElement('p')
    text.className = 'text'
    item.append(who, text)
    return { item, text }
  }

  /** A new turn, at the end of the log and in view. */
  function add (role) {
    const turn = entry(role)
    list.append(turn.item)
    turn.item.scrollIntoView({ block: 'nearest' })
    grew()
    return turn
  }

  function showSources (item, sources) {
    item.querySelector('.sources')?.remove()
    if (sources.length === 0) return
    const box = document.createElement('div')
    box.className = 'sources'
    const heading = document.createElement('span')
    heading.dataset.i18n = 'sources'
    heading.textContent = t('sources')
    const links = document.createElement('ul')
    for (const source of sources) {
      const li = document.createElement('li')
      const href = safeUrl(source.url)
      const link = document.createElement(href === null ? 'span' : 'a')
      if (href !== null) {
        link.href = href
        link.target = '_blank'
        link.rel = 'noopener noreferrer'
      }
      link.textContent = source.title || source.url
      if (href !== null) {
        // Heard, not seen: a screen reader user is told the link leaves this tab's conversation.
        const newTab = document.createElement('span')
        newTab.className = 'visually-hidden'
        newTab.dataset.i18n = 'newTab'
        newTab.textContent = t('newTab')
        link.append(newTab)
      }
      li.append(link)
      links.append(li)
    }
    box.append(heading, links)
    item.append(box)
  }

  return {
    clear () { list.replaceChildren() },
    /** A question entry; pass it to `answer` so that a failed turn can take it away on a retry. */
    question (text) {
      const { item, text: paragraph } = add('user')
      paragraph.textContent = text
      return item
    },
    /**
     * A new answer entry: `append` streams text in, `finish` puts the final text, its language and
     * sources (and, for a spoken answer, the sentences it was spoken as).
     */
    answer (question) {
      const { item, text } = add('assistant')
      item.setAttribute('aria-busy', 'true')
      // data-i18n until the first words: the language toggle relabels it like the UI's other words.
      text.dataset.i18n = 'thinking'
      text.textContent = t('thinking')
      let streamed = ''
      let tokens = 0
      return {
        append (token) {
          streamed += token
          showAnswer(text, streamed)
          follow()
          // How many pieces arrived: lets a test see the answer was streamed, not sent whole.
          item.dataset.tokens = String(++tokens)
        },
        sources (sources) {
          showSources(item, sources)
          follow()
        },
        finish (answer, sources, language, spoken) {
          showAnswer(text, answer, language, spoken)
          showSources(item, sources)
          item.removeAttribute('aria-busy')
          follow()
        },
        /**
         * The turn failed. With no words yet the entry goes, and its question with it (the page
         * says why; a text question is still in its box, to send again); with some, they
         * stay marked as interrupted, and `retry` (if given) offers to send the question again:
         * the interrupted pair leaves the log first, as it left the server. `stopped`: the visitor
         * stopped it, and the note says so.
         */
        fail ({ retry, stopped = false } = {}) {
          item.removeAttribute('aria-busy')
          if (streamed === '') {
            question?.remove()
            item.remove()
            return
          }
          item.classList.add('interrupted')
          const note = document.createElement('p')
          note.className = 'note'
          note.dataset.i18n = stopped ? 'stopped' : 'interrupted'
          note.textContent = t(note.dataset.i18n)
          item.append(note)
          if (retry !== undefined) {
            const button = document.createElement('button')
            button.type = 'button'
            button.className = 'retry ghost'
            button.dataset.i18n = 'retry'
            button.textContent = t('retry')
            button.addEventListener('click', () => {
              question?.remove()
              item.remove()
              retry()
            }, { once: true })
            item.append(button)
          }
          follow()
        }
      }
    },
    /** A change to what is shown that is no news: the language toggle relabelling the turns. */
    quietly,
    /**
     * The stored turns from GET /v1/conversations/{id}, put in quietly: a screen reader announces
     * what is added to a live region, and a whole history is no news (after a reload it was heard
     * already). They go before the turns already shown: a question asked while they were on their
     * way is newer than all of them.
     */
    restore (turns) {
      quietly(() => {
        const items = turns.map((turn) => {
          const { item, text } = entry(turn.role)
          if (turn.role === 'assistant') {
            showAnswer(text, turn.text, turn.language)
            showSources(item, turn.sources ?? [])
          } else {
            text.textContent = turn.text
          }
          return item
        })
        list.prepend(...items)
        list.lastElementChild?.scrollIntoView({ block: 'nearest' })
        follow()
      })
    }
  }
}
