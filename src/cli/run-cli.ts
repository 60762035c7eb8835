// The command dispatcher: picks the command, prints coded errors, returns the exit code.
import { AppStoreNotificationError } from 'app-store-notifications'
import { EXIT, line, type CliCommand, type CliIo } from './cli-io.js'
import { decodeCommand } from './commands/decode.js'
import { historyCommand } from './commands/history.js'
import { replayCommand } from './commands/replay.js'
import { testNotificationCommand } from './commands/test-notification.js'

const COMMANDS: readonly CliCommand[] = [decodeCommand, historyCommand, replayCommand, testNotificationCommand]

const HELP = `Usage: app-store-notifications <command> [options]

Inspect, recover and test App Store Server Notifications V2.

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(19)}${command.summary}`).join('\n')}

Run "app-store-notifications <command> --help" for the options of each command.
Exit codes: 0 success, 1 the operation failed (the error code is printed), 2 wrong command line or credentials.`

/** Runs one command line; never throws. */
export async function runCli(argv: readonly string[], io: CliIo, version: string): Promise<number> {
  const [name, ...args] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    line(name === undefined ? io.stderr : io.stdout, HELP)
    return name === undefined ? EXIT.usage : EXIT.ok
  }
  if (name === '--version' || name === '-v') {
    line(io.stdout, version)
    return EXIT.ok
  }
  const command = COMMANDS.find((candidate) => candidate.name === name)
  if (command === undefined) {
    line(io.stderr, `error ERR_CONFIG_INVALID: unknown command ${JSON.stringify(name)}; the commands are ${COMMANDS.map((c) => c.name).join(', ')}`)
    return EXIT.usage
  }
  try {
    return await command.run(args, io)
  } catch (error) {
    if (error instanceof AppStoreNotificationError) {
      line(io.stderr, `error ${error.code}: ${error.message}`)
      return error.code === 'ERR_CONFIG_INVALID' || error.code === 'ERR_API_INPUT_INVALID' ? EXIT.usage : EXIT.failed
    }
    line(io.stderr, `error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    return EXIT.failed
  }
}
