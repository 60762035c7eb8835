#!/usr/bin/env node
// The `app-store-notifications` command (package "bin"): wires the real process into runCli.
import { readFileSync } from 'node:fs'
import type { CliIo } from './cli-io.js'
import { runCli } from './run-cli.js'

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? 'unknown'
  } catch {
    return 'unknown'
  }
}

const io: CliIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  readStdin: async () => {
    const chunks: Uint8Array[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Uint8Array)
    return Buffer.concat(chunks)
  },
  env: process.env,
  fetch: (input, init) => fetch(input, init),
  now: Date.now,
  onInterrupt: (listener) => {
    // The first Ctrl-C asks the command to stop cleanly; a second one ends the process at once.
    const handler = (): void => {
      process.off('SIGINT', handler)
      listener()
    }
    process.on('SIGINT', handler)
    return () => process.off('SIGINT', handler)
  },
}

process.exitCode = await runCli(process.argv.slice(2), io, packageVersion())
