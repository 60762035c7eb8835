// What a command may touch: streams, environment, files, network, clock. Injected so that commands
// run the same in the real binary and in tests.
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { AppStoreNotificationError } from 'app-store-notifications'

/** A writable stream as the commands use it. */
export interface CliOutput {
  write(text: string): unknown
  readonly isTTY?: boolean
  readonly columns?: number
}

/** The outside world of one CLI run. */
export interface CliIo {
  readonly stdout: CliOutput
  readonly stderr: CliOutput
  /** Reads all of standard input (for `decode -`). */
  readonly readStdin: () => Promise<Uint8Array>
  readonly env: Readonly<Record<string, string | undefined>>
  readonly fetch: typeof fetch
  readonly now: () => number
  /** Registers a Ctrl-C handler; returns its remover. */
  readonly onInterrupt: (listener: () => void) => () => void
}

/** One command of the tool. */
export interface CliCommand {
  readonly name: string
  /** One line for the command list. */
  readonly summary: string
  /** The full `--help` text. */
  readonly help: string
  /** Runs the command and returns the process exit code. */
  run(args: readonly string[], io: CliIo): Promise<number>
}

/** Exit codes: 0 success, 1 the operation failed, 2 the command line or credentials are wrong. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const

type Options = NonNullable<ParseArgsConfig['options']>

/** node:util `parseArgs`, with its errors turned into `ERR_CONFIG_INVALID` that point at `--help`. */
export function parseCommandLine<O extends Options>(command: string, args: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...args], options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true })
  } catch (error) {
    throw usage(`${(error as Error).message} (see: app-store-notifications ${command} --help)`, error)
  }
}

/** A usage error: a wrong command line, missing or malformed credentials. Exit code 2. */
export function usage(message: string, cause?: unknown): AppStoreNotificationError {
  return new AppStoreNotificationError('ERR_CONFIG_INVALID', message, cause === undefined ? undefined : { cause })
}

/** Writes a line. */
export function line(output: CliOutput, text = ''): void {
  output.write(`${text}\n`)
}
