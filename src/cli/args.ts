// How every operator CLI (scripts/*.ts) reads its command line, so they all answer alike: strict (a
// mistyped option, or --help given to a script that had none, must not start a full run, an
// evaluation or a compile), `--help`/`-h` prints the usage on stdout (exit 0, whatever else is given),
// and otherwise an unknown option or a bad value is refused on stderr with the usage (exit 2).
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util'

/** Exit code of a command line that was refused (the scripts' "bad arguments or configuration"). */
export const USAGE_EXIT_CODE = 2

export interface CommandLineOutput {
  stdout: (text: string) => void
  stderr: (text: string) => void
}

const processOutput: CommandLineOutput = {
  stdout: (text) => { process.stdout.write(text) },
  stderr: (text) => { process.stderr.write(text) }
}

type WithHelp<O extends ParseArgsOptionsConfig> = O & { help: { type: 'boolean', short: 'h' } }

/** What parseArgs returns for these options (strict, with --help added). */
export type CommandLine<O extends ParseArgsOptionsConfig, P extends boolean> =
  ReturnType<typeof parseArgs<{ options: WithHelp<O>, allowPositionals: P, strict: true }>>

export interface CommandLineSpec<O extends ParseArgsOptionsConfig, P extends boolean> {
  /** Printed by --help, and after the reason when the command line is refused. */
  usage: string
  /** The script's own options; --help/-h is added. */
  options: O
  /** Whether arguments that are not options (files, folders) are accepted. */
  allowPositionals: P
}

/**
 * The parsed command line, or the exit code to end with when there is nothing to run: 0 after
 * --help (usage printed), 2 when refused (reason and usage printed on stderr).
 */
export function readCommandLine<const O extends ParseArgsOptionsConfig, const P extends boolean> (
  argv: string[], spec: CommandLineSpec<O, P>, output: CommandLineOutput = processOutput
): CommandLine<O, P> | number {
  const options = { ...spec.options, help: { type: 'boolean', short: 'h' } } as WithHelp<O>
  let parsed: CommandLine<O, P>
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: spec.allowPositionals, strict: true })
  } catch (error) {
    // `--help` next to a mistyped option is still a request for help (as git, npm and curl read it).
    if (asksForHelp(argv, options)) return showUsage(spec.usage, output)
    return refuseCommandLine(error instanceof Error ? error.message : String(error), spec.usage, output)
  }
  if ((parsed.values as { help?: boolean }).help === true) return showUsage(spec.usage, output)
  return parsed
}

/** Whether --help/-h is given as an option (not as an option's value, nor after `--`), read leniently. */
function asksForHelp (argv: string[], options: ParseArgsOptionsConfig): boolean {
  const { values } = parseArgs({ args: argv, options, allowPositionals: true, strict: false })
  return values.help === true
}

function showUsage (usage: string, output: CommandLineOutput): number {
  output.stdout(`${usage}\n`)
  return 0
}

/** Refuses a command line parseArgs accepted but the script cannot use (a value out of range): reason and usage on stderr. */
export function refuseCommandLine (reason: string, usage: string, output: CommandLineOutput = processOutput): number {
  output.stderr(`${reason}\n${usage}\n`)
  return USAGE_EXIT_CODE
}
