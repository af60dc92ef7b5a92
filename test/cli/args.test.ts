// The command-line reading every operator script shares: --help, unknown options, bad values.
import t from 'tap'
import { readCommandLine, refuseCommandLine, type CommandLineOutput } from '../../src/cli/args.ts'

function capture (): CommandLineOutput & { out: string[], err: string[] } {
  const out: string[] = []
  const err: string[] = []
  return { out, err, stdout: (text) => { out.push(text) }, stderr: (text) => { err.push(text) } }
}

const spec = { usage: 'usage: x [--verbose] [--name N] [files...]', options: { verbose: { type: 'boolean' }, name: { type: 'string' } }, allowPositionals: true } as const

t.test('a valid command line is parsed, nothing printed', async (t) => {
  const io = capture()
  const parsed = readCommandLine(['--verbose', '--name', 'a', 'f1', 'f2'], spec, io)
  if (typeof parsed === 'number') return t.fail(`exit ${parsed}`)
  t.same(parsed.values, { verbose: true, name: 'a' })
  t.same(parsed.positionals, ['f1', 'f2'])
  t.same([io.out, io.err], [[], []])
})

t.test('--help and -h print the usage on stdout and end with 0, whatever else is given', async (t) => {
  // With a mistyped option or a stray argument too: asking for help is what the command line says
  // (as git, npm and curl read it). Before, those were refused with exit 2.
  for (const [argv, allowPositionals] of [[['--help'], true], [['-h'], true], [['--verbose', '--help', 'f1'], true],
    [['--verbos', '--help'], true], [['-x', '-h'], true], [['--help', '--name'], true], [['stray', '--help'], false]] as const) {
    const io = capture()
    t.equal(readCommandLine([...argv], { ...spec, allowPositionals }, io), 0, argv.join(' '))
    t.same(io.out, [`${spec.usage}\n`])
    t.same(io.err, [])
  }
})

t.test('an unknown option, a missing value or an unwanted argument is refused on stderr with the usage (2)', async (t) => {
  for (const [argv, reason, allowPositionals] of [
    [['--name', '-h'], /Option '--name' argument is ambiguous/, true],
    [['--', '--help'], /Unexpected argument '--help'/, false],
    [['--verbos'], /Unknown option '--verbos'/, true],
    [['-x'], /Unknown option '-x'/, true],
    [['--name'], /Option '--name <value>' argument missing/, true],
    [['stray'], /Unexpected argument 'stray'/, false]
  ] as const) {
    const io = capture()
    t.equal(readCommandLine([...argv], { ...spec, allowPositionals }, io), 2, argv.join(' '))
    t.same(io.out, [], 'nothing on stdout')
    t.match(io.err.join(''), reason)
    t.match(io.err.join(''), new RegExp(`\\n${spec.usage.replace(/[[\]]/g, '\\$&')}\\n$`), 'the usage after the reason')
  }
})

t.test('refuseCommandLine: a value the script cannot use, with the usage (2)', async (t) => {
  const io = capture()
  t.equal(refuseCommandLine('--name must be short', spec.usage, io), 2)
  t.same(io.err, [`--name must be short\n${spec.usage}\n`])
})
