import { existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createAsnHandler } from 'app-store-notifications'
import { createTestSigner, type TestSigner } from 'app-store-notifications/testing'
import { signHistory, type HistoryEntry } from '../core/recovery/history-fixture.js'
import { BUNDLE_ID } from '../helpers/payloads.js'
import { listenOnLoopback } from '../helpers/listen.js'
import { type FakeApple, runCli, serveHistoryOn, spawnCli, tempDir, useFakeApple } from './cli-harness.js'

let signer: TestSigner
let apple: FakeApple
let env: Record<string, string>
let entries: HistoryEntry[]
const START = Date.now() - 5 * 86_400_000
const closers: (() => Promise<void>)[] = []

const fake = useFakeApple()
beforeAll(async () => {
  ;({ apple, env } = fake)
  signer = await createTestSigner()
  entries = await signHistory(signer, 45, START + 60_000)
  serveHistoryOn(apple, entries)
})
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()))
})

interface Endpoint {
  readonly url: string
  /** Listener runs per notificationUUID. */
  readonly runs: Map<string, number>
  /** Requests received. */
  received: number
  /** Delay before each answer. */
  delayMs: number
}

/**
 * A real notification endpoint on loopback: createAsnHandler trusting the test root. `failFor`
 * makes the listener throw for one UUID; `dropAt` closes the connection of that request, unanswered;
 * `delayMs` slows every answer.
 */
async function startEndpoint(options: { failFor?: string; dropAt?: number; delayMs?: number } = {}): Promise<Endpoint> {
  const runs = new Map<string, number>()
  const handler = createAsnHandler({ verifier: { bundleId: BUNDLE_ID, environment: 'Sandbox', rootCertificates: [signer.rootCertificate] } }).onAny((n) => {
    if (n.notificationUUID === options.failFor) throw new Error('database is down')
    runs.set(n.notificationUUID, (runs.get(n.notificationUUID) ?? 0) + 1)
  })
  const endpoint: Endpoint = { url: '', runs, received: 0, delayMs: options.delayMs ?? 0 }
  const server = createServer((req, res) => {
    endpoint.received++
    if (endpoint.received === options.dropAt) {
      req.socket.destroy()
      return
    }
    void (async () => {
      const chunks: Buffer[] = []
      for await (const chunk of req) chunks.push(chunk as Buffer)
      if (endpoint.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, endpoint.delayMs))
      const answer = await handler.handle({ method: req.method ?? 'POST', headers: req.headers, body: new Uint8Array(Buffer.concat(chunks)) })
      res.writeHead(answer.status, answer.headers).end(answer.body)
    })()
  })
  const { url, close } = await listenOnLoopback(server)
  closers.push(close)
  return Object.assign(endpoint, { url: `${url}/asn` })
}

const everyRunOnce = (runs: Map<string, number>) => {
  expect([...runs.keys()].sort()).toEqual(entries.map((entry) => entry.notificationUUID).sort())
  expect([...runs.values()].every((count) => count === 1)).toBe(true)
}
const readState = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>

describe('app-store-notifications replay', () => {
  it('posts every historical notification to the endpoint once, then finds them all processed', async () => {
    const endpoint = await startEndpoint()
    const run = await runCli(['replay', '--since', '6d', '--to', endpoint.url], { env })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^Replayed Sandbox notifications \d{4}-.* → .* to http:\/\/127\.0\.0\.1:\d+\/asn\n/)
    expect(run.stdout).toContain('  delivered          45\n  already processed  0\n  failed             0\n  pages              3\nComplete.')
    expect(run.stdout).not.toContain('\r')
    everyRunOnce(endpoint.runs)

    const again = await runCli(['replay', '--since', '6d', '--to', endpoint.url, '--json'], { env })
    expect(again.code).toBe(0)
    expect(JSON.parse(again.stdout)).toMatchObject({ complete: true, processed: 0, alreadyDone: 45, failed: [], pages: 3 })
    everyRunOnce(endpoint.runs)
  })

  it('lists the notifications the endpoint refused, with status and code, and exits 1', async () => {
    const failing = entries[7]!.notificationUUID
    const endpoint = await startEndpoint({ failFor: failing })
    const run = await runCli(['replay', '--since', '6d', '--to', endpoint.url, '--only-failures'], { env })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('  delivered          44\n')
    expect(run.stdout).toMatch(new RegExp(`${failing} +ONE_TIME_CHARGE +500 +ERR_HANDLER_FAILED`))
    expect(run.stdout).toContain('Complete, with failures')
    expect(apple.requests.every((request) => (request.body as { onlyFailures?: boolean }).onlyFailures === true)).toBe(true)
  })

  it('stops when the endpoint drops a request, saves its state, and --resume finishes without running anything twice', async () => {
    const dir = tempDir()
    const state = join(dir, 'replay.json')
    const flaky = await startEndpoint({ dropAt: 25 })
    const first = await runCli(['replay', '--since', '6d', '--to', flaky.url, '--state', state], { env })
    expect(first.code).toBe(1)
    expect(first.stdout).toContain('  delivered          24\n  already processed  0\n  failed             0\n  not delivered      1\n')
    expect(first.stdout).toMatch(/Stopped early: http:\/\/127\.0\.0\.1:\d+\/asn is unreachable: /)
    expect(first.stdout).toContain(`Resume with: app-store-notifications replay --state ${state} --resume`)
    expect(readState(state)).toMatchObject({ version: 1, complete: false, resumeToken: expect.stringMatching(/^20@/), processed: 24, to: flaky.url })
    expect(flaky.runs.size).toBe(24)

    // The endpoint is fixed (same store: the handler instance behind the flaky server keeps running).
    const resumed = await runCli(['replay', '--state', state, '--resume'], { env })
    expect(resumed.code).toBe(0)
    expect(resumed.stdout).toContain('  delivered          21\n  already processed  4\n')
    everyRunOnce(flaky.runs)
    expect(readState(state)).toMatchObject({ complete: true, processed: 45, alreadyDone: 4, failed: [] })
    expect(readState(state).resumeToken).toBeUndefined()
    expect(apple.requests.map((request) => request.url.searchParams.get('paginationToken'))).toEqual([
      null,
      expect.stringMatching(/^20@/),
      expect.stringMatching(/^20@/),
      expect.stringMatching(/^40@/),
    ])

    const done = await runCli(['replay', '--state', state, '--resume'], { env })
    expect(done.code).toBe(0)
    expect(done.stdout).toContain('is complete: nothing to resume')
  })

  it('stops cleanly on Ctrl-C after the current notification and resumes from the state file', async () => {
    const dir = tempDir()
    const state = join(dir, 'replay.json')
    const endpoint = await startEndpoint({ delayMs: 40 })
    const cli = spawnCli(['replay', '--since', '6d', '--to', endpoint.url, '--state', state], { env })
    while (endpoint.received < 5) await new Promise((resolve) => setTimeout(resolve, 10))
    cli.child.kill('SIGINT')
    const first = await cli.done
    expect(first.code).toBe(1)
    expect(first.stdout).toContain('Stopped early: interrupted.')
    expect(readState(state)).toMatchObject({ complete: false })
    expect(endpoint.runs.size).toBeLessThan(45)

    endpoint.delayMs = 0
    const resumed = await runCli(['replay', '--state', state, '--resume'], { env })
    expect(resumed.code).toBe(0)
    everyRunOnce(endpoint.runs)
  })

  it('refuses wrong command lines before calling Apple', async () => {
    const cases: [string[], string][] = [
      [['replay', '--since', '1d'], '--to is required'],
      [['replay', '--since', '1d', '--to', 'ftp://example.com'], '--to must use http or https'],
      [['replay', '--since', '1d', '--to', 'not a url'], '--to must be an absolute URL'],
      [['replay', '--resume'], '--resume needs --state <file>'],
      [['replay', '--resume', '--state', '/nonexistent/state.json'], 'no such file'],
      [['replay', '--since', '1d', '--to', 'http://127.0.0.1:9/', '--timeout', 'soon'], '--timeout must be a duration'],
    ]
    const runs = await Promise.all(cases.map(([args]) => runCli(args, { env })))
    runs.forEach((run, index) => {
      expect(run.code).toBe(2)
      expect(run.stderr).toContain(cases[index]![1])
    })
    expect(apple.requests).toEqual([])
    expect(existsSync('/nonexistent/state.json')).toBe(false)
  })
})
