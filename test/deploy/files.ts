// Readers for the deployment files (Dockerfile, YAML manifests, nginx.conf, dashboards), shared by
// the tests of test/deploy/. Small and strict on purpose: a file they cannot read fails the test.
import { readFileSync } from 'node:fs'
import { parseAllDocuments } from 'yaml'

export const ROOT = new URL('../../', import.meta.url)

export function readText (path: string): string {
  return readFileSync(new URL(path, ROOT), 'utf8')
}

/** Every document of a YAML file; throws on any syntax error or warning (duplicate keys included). */
export function readYamlDocuments (path: string): unknown[] {
  const documents = parseAllDocuments(readText(path), { uniqueKeys: true, prettyErrors: true })
  const list = Array.isArray(documents) ? documents : [documents]
  const values: unknown[] = []
  for (const document of list) {
    const problems = [...document.errors, ...document.warnings]
    if (problems.length > 0) throw new Error(`${path}: ${problems.map((problem) => problem.message).join('; ')}`)
    const value = document.toJS() as unknown
    if (value !== null && value !== undefined) values.push(value)
  }
  return values
}

export function readYaml<T = Record<string, any>> (path: string): T {
  const documents = readYamlDocuments(path)
  if (documents.length !== 1) throw new Error(`${path}: expected one YAML document, found ${documents.length}`)
  return documents[0] as T
}

export const K8S = 'deploy/kubernetes'

/** A manifest of deploy/kubernetes/; throws when it is not of the expected kind. */
export function readManifest (file: string, kind: string): Record<string, any> {
  const value = readYaml(`${K8S}/${file}`)
  if (value.kind !== kind) throw new Error(`${file}: expected kind ${kind}, found ${String(value.kind)}`)
  return value
}

/** A duration as the files write it (`75s`, `1m`, or a number of seconds) in seconds; NaN when unreadable. */
export function seconds (value: string | number | undefined): number {
  if (typeof value === 'number') return value
  const match = /^(\d+)\s*(ms|s|m|h)?$/.exec(value ?? '')
  if (match === null) return Number.NaN
  const factor = { ms: 0.001, s: 1, m: 60, h: 3600 }[match[2] ?? 's'] as number
  return Number(match[1]) * factor
}

// --- Dockerfile

export interface DockerInstruction {
  instruction: string
  args: string
  /** Name of the stage the instruction belongs to (`AS name`), or its index. */
  stage: string
}

/** Instructions in order, continuation lines joined, comments dropped, `FROM ${ARG}` resolved. */
export function parseDockerfile (text: string): DockerInstruction[] {
  const logical: string[] = []
  let current = ''
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trimEnd()
    if (/^\s*#/.test(line)) continue
    if (line.endsWith('\\')) {
      current += line.slice(0, -1) + ' '
      continue
    }
    current += line
    if (current.trim() !== '') logical.push(current.trim())
    current = ''
  }
  if (current.trim() !== '') logical.push(current.trim())

  const globalArgs = new Map<string, string>()
  const instructions: DockerInstruction[] = []
  let stage = ''
  let stages = 0
  for (const line of logical) {
    const match = /^([A-Za-z]+)\s+(.*)$/s.exec(line)
    if (match === null) throw new Error(`Dockerfile: cannot read "${line}"`)
    const instruction = (match[1] as string).toUpperCase()
    let args = (match[2] as string).trim()
    if (instruction === 'ARG' && stage === '') {
      const [name, value = ''] = args.split('=')
      globalArgs.set(name as string, value)
    }
    if (instruction === 'FROM') {
      args = args.replace(/\$\{(\w+)\}|\$(\w+)/g, (_all, braced: string | undefined, bare: string | undefined) =>
        globalArgs.get((braced ?? bare) as string) ?? '')
      stage = /\s+AS\s+(\S+)$/i.exec(args)?.[1] ?? String(stages)
      stages++
    }
    instructions.push({ instruction, args, stage })
  }
  return instructions
}

/** The JSON (exec) form of CMD, ENTRYPOINT or HEALTHCHECK … CMD, or null for the shell form. */
export function execForm (args: string): string[] | null {
  const start = args.indexOf('[')
  if (start === -1) return null
  try {
    const value = JSON.parse(args.slice(start)) as unknown
    return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : null
  } catch {
    return null
  }
}

/** The arguments of each `instruction` of the last stage (the image that runs), in order. */
export function runtimeArgs (dockerfile: DockerInstruction[], instruction: string): string[] {
  const runtimeStage = dockerfile.filter((entry) => entry.instruction === 'FROM').at(-1)?.stage as string
  return dockerfile.filter((entry) => entry.stage === runtimeStage && entry.instruction === instruction).map((entry) => entry.args)
}

// --- nginx

export interface NginxDirective {
  name: string
  args: string[]
  block?: NginxDirective[]
}

function tokenizeNginx (text: string): string[] {
  const tokens: string[] = []
  let index = 0
  while (index < text.length) {
    const char = text[index] as string
    if (/\s/.test(char)) { index++; continue }
    if (char === '#') {
      while (index < text.length && text[index] !== '\n') index++
      continue
    }
    if (char === '{' || char === '}' || char === ';') { tokens.push(char); index++; continue }
    if (char === '"' || char === "'") {
      let end = index + 1
      while (end < text.length && text[end] !== char) end += text[end] === '\\' ? 2 : 1
      if (end >= text.length) throw new Error('nginx.conf: unterminated quoted string')
      tokens.push(text.slice(index + 1, end))
      index = end + 1
      continue
    }
    let end = index
    while (end < text.length && !/[\s{};]/.test(text[end] as string)) end++
    tokens.push(text.slice(index, end))
    index = end
  }
  return tokens
}

/** A tree of directives; throws on unbalanced braces or a directive without its `;`. */
export function parseNginx (text: string): NginxDirective[] {
  const tokens = tokenizeNginx(text)
  let position = 0
  const parseBlock = (nested: boolean): NginxDirective[] => {
    const directives: NginxDirective[] = []
    while (position < tokens.length) {
      const token = tokens[position++] as string
      if (token === '}') {
        if (!nested) throw new Error('nginx.conf: unexpected }')
        return directives
      }
      if (token === '{' || token === ';') throw new Error(`nginx.conf: unexpected ${token}`)
      const args: string[] = []
      while (position < tokens.length && !['{', '}', ';'].includes(tokens[position] as string)) args.push(tokens[position++] as string)
      const end = tokens[position++]
      if (end === ';') directives.push({ name: token, args })
      else if (end === '{') directives.push({ name: token, args, block: parseBlock(true) })
      else throw new Error(`nginx.conf: directive ${token} is not terminated`)
    }
    if (nested) throw new Error('nginx.conf: missing }')
    return directives
  }
  return parseBlock(false)
}

export function directives (block: NginxDirective[] | undefined, name: string): NginxDirective[] {
  return (block ?? []).filter((directive) => directive.name === name)
}

/** The value of a one-argument directive in this block (not inherited), or undefined. */
export function directiveValue (block: NginxDirective[] | undefined, name: string): string | undefined {
  return directives(block, name)[0]?.args.join(' ')
}

// --- Prometheus

/** Metric names an expression reads (with the histogram/summary suffixes removed). */
export function metricNames (expression: string, prefix: RegExp = /\b(itb_[a-z0-9_]+)/g): string[] {
  const names = new Set<string>()
  for (const match of expression.matchAll(prefix)) names.add(baseMetricName(match[1] as string))
  return [...names]
}

export function baseMetricName (name: string): string {
  return name.replace(/_(bucket|sum|count)$/, '')
}

/** Label names used by matchers `metric{label=…}` of each metric in an expression. */
export function selectorLabels (expression: string): Array<{ metric: string, labels: string[] }> {
  const result: Array<{ metric: string, labels: string[] }> = []
  for (const match of expression.matchAll(/\b([a-z_][a-z0-9_]*)\{([^}]*)\}/g)) {
    const labels = [...(match[2] as string).matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)/g)].map((label) => label[1] as string)
    result.push({ metric: baseMetricName(match[1] as string), labels })
  }
  return result
}

/** Label names of every `by (…)` / `without (…)` clause in an expression. */
export function groupingLabels (expression: string): string[] {
  const labels = new Set<string>()
  for (const match of expression.matchAll(/\b(?:by|without)\s*\(([^)]*)\)/g)) {
    for (const label of (match[1] as string).split(',')) if (label.trim() !== '') labels.add(label.trim())
  }
  return [...labels]
}
