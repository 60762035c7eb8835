// Runs the examples as users do — `node examples/<name>/main.mjs` against the built dist/ — and
// loads their modules into tests (through vitest's aliases, so against the sources).
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** Imports an example module by its path under examples/ (plain JavaScript, so typed by the caller). */
export async function loadExample<T>(path: string): Promise<T> {
  const file = fileURLToPath(new URL(`../../examples/${path}`, import.meta.url))
  return (await import(/* @vite-ignore */ file)) as T
}

function assertBuilt(): void {
  if (!existsSync(`${ROOT}dist/index.js`)) throw new Error('dist/ is missing: run `npm run build` first (the examples run against the built package)')
}

export interface Finished {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs `node <args>` from the repository root until it exits. */
export function runNode(args: readonly string[], env: Readonly<Record<string, string>> = {}, timeoutMs = 30_000): Promise<Finished> {
  assertBuilt()
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => {
      child.kill()
      reject(new Error(`node ${args.join(' ')} did not exit within ${timeoutMs} ms\n${stdout}\n${stderr}`))
    }, timeoutMs)
    child.on('error', reject)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

export interface Serving {
  /** The URL the example printed after "listening on". */
  readonly url: string
  readonly output: () => string
  /** Sends SIGTERM and waits for the process to exit; resolves with its exit code. */
  readonly stop: () => Promise<number | null>
}

/** Starts `node <args>` and waits until it prints `listening on <url>`. */
export function startServing(args: readonly string[], env: Readonly<Record<string, string>>, timeoutMs = 30_000): Promise<Serving> {
  assertBuilt()
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)))
    const timer = setTimeout(() => {
      child.kill()
      reject(new Error(`node ${args.join(' ')} did not print "listening on" within ${timeoutMs} ms\n${output}`))
    }, timeoutMs)
    const read = (chunk: Buffer): void => {
      output += chunk.toString()
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1]
      if (url === undefined) return
      clearTimeout(timer)
      resolve({
        url,
        output: () => output,
        stop: () => {
          child.kill('SIGTERM')
          return exited
        },
      })
    }
    child.stdout.on('data', read)
    child.stderr.on('data', read)
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`node ${args.join(' ')} exited (${code}) before listening\n${output}`))
    })
  })
}
