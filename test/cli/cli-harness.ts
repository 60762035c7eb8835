// Runs the built CLI (dist/cli.js) as a child process, and stands in for Apple's API with a real
// loopback HTTP server that checks every bearer JWT against the test key.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { checkAppleToken, createTestCredentials } from '../core/api/apple-server-mock.js'
import type { TestCredentials } from '../core/api/apple-server-mock.js'
import { listenOnLoopback } from '../helpers/listen.js'

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const CLI_PATH = join(repoRoot, 'dist', 'cli.js')

/** Fails with a clear message when the CLI has not been built (npm test builds before vitest). */
export function assertCliBuilt(): void {
  if (!existsSync(CLI_PATH)) {
    throw new Error(`${CLI_PATH} is missing: build it first with \`npx tsup\` (npm test runs the build before vitest)`)
  }
}

export interface CliRun {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

export interface SpawnedCli {
  readonly child: ChildProcess
  readonly done: Promise<CliRun>
}

/** Starts `node dist/cli.js …args` with only the given environment (plus PATH). */
export function spawnCli(args: readonly string[], options: { env?: Record<string, string>; stdin?: string } = {}): SpawnedCli {
  const child = spawn(process.execPath, [CLI_PATH, ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  child.stdin!.end(options.stdin ?? '')
  const done = new Promise<CliRun>((resolvePromise, reject) => {
    child.once('error', reject)
    child.once('close', (code) => resolvePromise({ code, stdout, stderr }))
  })
  return { child, done }
}

/** Runs the CLI to completion. */
export function runCli(args: readonly string[], options: { env?: Record<string, string>; stdin?: string } = {}): Promise<CliRun> {
  return spawnCli(args, options).done
}

/** A temporary folder for key and state files. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'asn-cli-'))
}

/** The credential environment variables for `credentials`, with the .p8 written to `dir`. */
export function credentialEnv(credentials: TestCredentials, dir: string, baseUrl: string, environment = 'Sandbox'): Record<string, string> {
  const keyPath = join(dir, `AuthKey_${credentials.keyId}.p8`)
  writeFileSync(keyPath, credentials.privateKey)
  return {
    APP_STORE_ISSUER_ID: credentials.issuerId,
    APP_STORE_KEY_ID: credentials.keyId,
    APP_STORE_PRIVATE_KEY_PATH: keyPath,
    APP_STORE_BUNDLE_ID: credentials.bundleId,
    APP_STORE_ENVIRONMENT: environment,
    APP_STORE_API_BASE_URL: baseUrl,
  }
}

export interface FakeAppleRequest {
  readonly method: string
  readonly url: URL
  readonly body: unknown
}

export type FakeAppleRoute = (request: FakeAppleRequest) => { status: number; json?: unknown } | Promise<{ status: number; json?: unknown }>

export interface FakeApple {
  readonly url: string
  readonly requests: FakeAppleRequest[]
  /** JWT problems seen; tests assert it stays empty. */
  readonly jwtProblems: string[]
  /** Routes by `"METHOD /path"`; a path ending in `/*` matches any last segment. */
  readonly routes: Map<string, FakeAppleRoute>
  close(): Promise<void>
}

/** A loopback stand-in for Apple's App Store Server API. */
export async function startFakeApple(credentials: TestCredentials): Promise<FakeApple> {
  const requests: FakeAppleRequest[] = []
  const jwtProblems: string[] = []
  const routes = new Map<string, FakeAppleRoute>()
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const chunks: Buffer[] = []
      for await (const chunk of req) chunks.push(chunk as Buffer)
      const text = Buffer.concat(chunks).toString('utf8')
      const checked = await checkAppleToken(req.headers.authorization, credentials)
      if ('problems' in checked) {
        jwtProblems.push(...checked.problems)
        res.writeHead(401).end()
        return
      }
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const request = { method: req.method ?? 'GET', url, body: text === '' ? undefined : JSON.parse(text) }
      requests.push(request)
      const route = routes.get(`${request.method} ${url.pathname}`) ?? routes.get(`${request.method} ${url.pathname.replace(/\/[^/]+$/, '/*')}`)
      const answer = route === undefined ? { status: 404, json: { errorCode: 4040000, errorMessage: 'no route in the fake' } } : await route(request)
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.json === undefined ? '' : JSON.stringify(answer.json))
    })().catch((error: unknown) => {
      res.writeHead(500).end(String(error))
    })
  })
  const { url, close } = await listenOnLoopback(server)
  return { url, requests, jwtProblems, routes, close }
}

/** Serves signed history entries on the fake, ≤ `pageSize` per page, with tokens tied to the request's startDate. */
export function serveHistoryOn(
  apple: FakeApple,
  entries: readonly { signedPayload: string; signedDate: number; sendAttempts: readonly unknown[] }[],
  pageSize = 20,
): void {
  apple.routes.set('POST /inApps/v1/notifications/history', ({ url, body }) => {
    const { startDate, endDate } = body as { startDate: number; endDate: number }
    const token = url.searchParams.get('paginationToken')
    let offset = 0
    if (token !== null) {
      const [at, issuedFor] = token.split('@')
      if (Number(issuedFor) !== startDate) return { status: 400, json: { errorCode: 4000014, errorMessage: 'Invalid pagination token.' } }
      offset = Number(at)
    }
    const matching = entries.filter((entry) => entry.signedDate >= startDate && entry.signedDate <= endDate)
    const next = offset + pageSize
    const hasMore = next < matching.length
    return {
      status: 200,
      json: {
        notificationHistory: matching.slice(offset, next).map(({ signedPayload, sendAttempts }) => ({ signedPayload, sendAttempts })),
        hasMore,
        ...(hasMore ? { paginationToken: `${next}@${startDate}` } : {}),
      },
    }
  })
}

/** What {@link useFakeApple} sets up for a CLI test file. */
export interface FakeAppleContext {
  readonly credentials: TestCredentials
  readonly apple: FakeApple
  /** A temporary folder holding the `.p8` key. */
  readonly dir: string
  /** Environment variables pointing the CLI at the fake with the test credentials. */
  readonly env: Record<string, string>
}

/**
 * Wires the loopback stand-in for Apple into the current test file: checks the CLI is built, creates
 * credentials and the fake before all tests, clears its records after each (requiring clean tokens unless
 * `cleanTokens` is false, for tests that send bad ones on purpose), and closes it at the end.
 */
export function useFakeApple(options: { readonly cleanTokens?: boolean } = {}): FakeAppleContext {
  let context: FakeAppleContext | undefined
  beforeAll(async () => {
    assertCliBuilt()
    const credentials = await createTestCredentials()
    const apple = await startFakeApple(credentials)
    const dir = tempDir()
    context = { credentials, apple, dir, env: credentialEnv(credentials, dir, apple.url) }
  })
  afterEach(() => {
    if (options.cleanTokens !== false) expect(context?.apple.jwtProblems).toEqual([])
    context?.apple.requests.splice(0)
    context?.apple.jwtProblems.splice(0)
  })
  afterAll(() => context?.apple.close())
  return {
    get credentials() {
      return context!.credentials
    },
    get apple() {
      return context!.apple
    },
    get dir() {
      return context!.dir
    },
    get env() {
      return context!.env
    },
  }
}
