// Sentences of a written text, as the extractive answerer reads its passages: Markdown blocks
// (headings, tables, code and rules dropped, list items kept when they say something), inline
// Markdown and HTML stripped and URLs shortened to host names (inline-markup.ts), and paragraphs cut
// at sentence ends that are not abbreviations ("Jl.", "Prof.", "S.T."), initials or host names
// (sentence-boundary.ts, the rule the spoken answers are cut with too).
import { plainInline } from './inline-markup.ts'
import { periodEndsSentence } from './sentence-boundary.ts'

const HEADING = /^#{1,6}\s/
const SETEXT_UNDERLINE = /^(=+|-+)\s*$/
const RULE = /^([-*_])(\s*\1){2,}\s*$/
const FENCE = /^(```|~~~)/
const TABLE = /^\|/
const LIST_ITEM = /^([-*+•▪◦‣]|\d{1,3}[.)])\s+/
const QUOTE = /^>\s?/

interface Block {
  text: string
  list: boolean
}

/** Paragraphs and list items of a Markdown (or plain) text, without headings, tables, code and rules. */
function blocksOf (text: string): Block[] {
  let body = text.replace(/\r\n?/g, '\n')
  const frontMatter = /^---\n[\s\S]*?\n---\n/.exec(body)
  if (frontMatter !== null) body = body.slice(frontMatter[0].length)
  const blocks: Block[] = []
  let current: string[] = []
  const flush = (): void => {
    if (current.length > 0) blocks.push({ text: current.join(' '), list: false })
    current = []
  }
  let fence: string | undefined
  for (const raw of body.split('\n')) {
    const line = raw.trim()
    const fenceMatch = FENCE.exec(line)
    if (fenceMatch !== null) {
      flush()
      if (fence === undefined) fence = fenceMatch[1]
      else if (fence === fenceMatch[1]) fence = undefined
      continue
    }
    if (fence !== undefined) continue
    if (line === '' || RULE.test(line)) {
      flush()
      continue
    }
    if (SETEXT_UNDERLINE.test(line) && current.length > 0) {
      current.pop() // the line above was a heading
      flush()
      continue
    }
    if (HEADING.test(line) || TABLE.test(line)) {
      flush()
      continue
    }
    const content = line.replace(QUOTE, '')
    const item = LIST_ITEM.exec(content)
    if (item !== null) {
      flush()
      blocks.push({ text: content.slice(item[0].length), list: true })
      continue
    }
    if (blocks.length > 0 && current.length === 0 && blocks[blocks.length - 1].list && raw.startsWith(' ')) {
      blocks[blocks.length - 1].text += ' ' + content // continuation of a list item
      continue
    }
    current.push(content)
  }
  flush()
  return blocks
}

/** A token's terminators and the quotes and brackets after them. */
const SENTENCE_END = /(?<![.!?…])([.!?…]+)["'”’)\]]*$/u

/** Splits one plain paragraph into sentences. */
function splitParagraph (paragraph: string): string[] {
  const tokens = paragraph.split(' ') // plainInline collapsed the whitespace
  const sentences: string[] = []
  let current: string[] = []
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]
    current.push(token)
    const next = tokens[i + 1]
    if (next === undefined) break
    const end = SENTENCE_END.exec(token)
    if (end === null) continue
    const bare = token.slice(0, token.length - end[0].length + end[1].length)
    const ends = end[1].includes('.') && !end[1].includes('!') && !end[1].includes('?') && end[1] !== '...' && end[1] !== '…'
      ? periodEndsSentence(bare.replace(/^[("'“‘[]+/, '').slice(0, -1), tokens[i - 1], next)
      : /^[\p{Lu}\p{N}"'“‘(]/u.test(next)
    if (ends) {
      sentences.push(current.join(' '))
      current = []
    }
  }
  if (current.length > 0) sentences.push(current.join(' '))
  return sentences
}

/**
 * Sentences of a passage in reading order: headings, tables, code, rules and bullet markers dropped,
 * inline Markdown stripped, URLs reduced to host names. List items count as sentences when they have
 * at least four words.
 */
export function splitSentences (text: string): string[] {
  const sentences: string[] = []
  for (const block of blocksOf(text)) {
    const plain = plainInline(block.text)
    if (plain === '') continue
    if (block.list) {
      if (plain.split(' ').length < 4) continue
      sentences.push(/[.!?…]$/.test(plain) ? plain : plain.replace(/[:;,]$/, '') + '.')
      continue
    }
    for (const sentence of splitParagraph(plain)) sentences.push(sentence)
  }
  return sentences
}
