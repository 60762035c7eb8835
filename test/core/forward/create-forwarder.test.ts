import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createForwarder } from '../../../src/core/forward/create-forwarder.js'
import type { ForwarderOptions } from '../../../src/core/forward/create-forwarder.js'
import { FORWARD_SIGNATURE_HEADER, verifyForwardSignature } from '../../../src/core/forward/forward-signature.js'
import { closeAllServers, closedPortUrl, reply, reset, startScriptedServer } from './scripted-server.js'

// Whitespace, escapes and non-ASCII that any parse-and-stringify round trip would change.
const ORIGINAL = Buffer.from(
  '{ "signedPayload" :\t"eyJhbGciOiJFUzI1NiJ9.eyJub3RpZmljYXRpb25UeXBlIjoiVEVTVCJ9.c2ln" ,\r\n  "note": "caf\u00e9 \u2713 \u65e5\u672c\u00a0\\u00e9"  }\n\n',
  'utf8',
)

const unhandled: unknown[] = []
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason)
}
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled)
})
afterAll(async () => {
  // Give stray promises (cancelled bodies, aborted fetches) a chance to surface before checking.
  await new Promise((resolve) => setTimeout(resolve, 100))
  process.off('unhandledRejection', onUnhandled)
  expect(unhandled).toEqual([])
})
afterEach(closeAllServers)

/** Options that keep retries fast and observable: waits are recorded, not slept. */
function recorded(): { waits: number[]; options: Pick<ForwarderOptions, 'sleep' | 'random' | 'baseDelayMs'> } {
  const waits: number[] = []
  return { waits, options: { sleep: async (ms) => void waits.push(ms), random: () => 0.5, baseDelayMs: 100 } }
}

describe('createForwarder: delivery', () => {
  it('sends the exact original bytes, content type and headers to every target', async () => {
    const a = await startScriptedServer((_i, req, res) => reply(200)(req, res))
    const b = await startScriptedServer((_i, req, res) => reply(202)(req, res))
    const forwarder = createForwarder({ targets: [a.url, { url: b.url, id: 'b', headers: { authorization: 'Bearer b-token' } }] })
    const results = await forwarder.forward({
      body: new Uint8Array(ORIGINAL),
      contentType: 'application/json; charset=UTF-8',
      notification: { notificationUUID: '002e14d5-51f5-4503-b5a8-c3a1af68eb20' },
    })
    expect(results).toMatchObject([
      { target: a.url, url: a.url, ok: true, status: 200, attempts: 1 },
      { target: 'b', url: b.url, ok: true, status: 202, attempts: 1 },
    ])
    for (const server of [a, b]) {
      expect(server.requests).toHaveLength(1)
      const [request] = server.requests
      expect(Buffer.compare(request!.body, ORIGINAL)).toBe(0)
      expect(request!.method).toBe('POST')
      expect(request!.headers['content-type']).toBe('application/json; charset=UTF-8')
      expect(request!.headers['user-agent']).toBe('app-store-notifications')
      expect(request!.headers['x-asn-notification-uuid']).toBe('002e14d5-51f5-4503-b5a8-c3a1af68eb20')
      expect(request!.headers[FORWARD_SIGNATURE_HEADER]).toBeUndefined()
    }
    expect(b.requests[0]!.headers.authorization).toBe('Bearer b-token')
    expect(a.requests[0]!.headers.authorization).toBeUndefined()
  })

  it('keeps bytes that are not valid UTF-8, and encodes a string body as UTF-8', async () => {
    const server = await startScriptedServer((_i, req, res) => reply(204)(req, res))
    const forwarder = createForwarder({ targets: [server.url] })
    const binary = new Uint8Array([0x7b, 0xff, 0xfe, 0x00, 0xc3, 0x28, 0x7d])
    await forwarder.forward({ body: binary })
    await forwarder.forward({ body: ORIGINAL.toString('utf8') })
    await forwarder.forward({ body: ORIGINAL.buffer.slice(ORIGINAL.byteOffset, ORIGINAL.byteOffset + ORIGINAL.byteLength) })
    expect(server.requests.map((request) => request.body.toString('hex'))).toEqual([
      Buffer.from(binary).toString('hex'),
      ORIGINAL.toString('hex'),
      ORIGINAL.toString('hex'),
    ])
    expect(server.requests[0]!.headers['content-type']).toBe('application/json')
  })

  it('does not let a target header replace the content type or the notification UUID', async () => {
    const server = await startScriptedServer((_i, req, res) => reply(200)(req, res))
    const headers = { 'content-type': 'text/plain', 'x-asn-notification-uuid': 'forged', 'user-agent': 'mine/1.0' }
    const forwarder = createForwarder({ targets: [{ url: server.url, headers }] })
    await forwarder.forward({ body: ORIGINAL, notification: { notificationUUID: 'real' } })
    expect(server.requests[0]!.headers).toMatchObject({ 'content-type': 'application/json', 'x-asn-notification-uuid': 'real', 'user-agent': 'mine/1.0' })
  })

  it('sends to all targets concurrently', async () => {
    let bArrived!: () => void
    const bSeen = new Promise<void>((resolve) => (bArrived = resolve))
    // a answers only once b has received its request: sequential sending would time out on a.
    const a = await startScriptedServer(async (_i, req, res) => {
      await bSeen
      reply(200)(req, res)
    })
    const b = await startScriptedServer((_i, req, res) => {
      bArrived()
      reply(200)(req, res)
    })
    const forwarder = createForwarder({ targets: [a.url, b.url], timeoutMs: 2000, maxAttempts: 1 })
    const results = await forwarder.forward({ body: ORIGINAL })
    expect(results.map((result) => result.ok)).toEqual([true, true])
  })
})

describe('createForwarder: retries', () => {
  it('retries a 500 and succeeds on the second attempt with the same bytes', async () => {
    const server = await startScriptedServer((i, req, res) => reply(i === 0 ? 500 : 200)(req, res))
    const { waits, options } = recorded()
    const [result] = await createForwarder({ targets: [server.url], ...options }).forward({ body: ORIGINAL })
    expect(result).toMatchObject({ ok: true, status: 200, attempts: 2 })
    expect(result!.error).toBeUndefined()
    expect(waits).toEqual([75]) // equal jitter: 100 / 2 + 100 / 2 * 0.5
    expect(server.requests).toHaveLength(2)
    for (const request of server.requests) expect(Buffer.compare(request.body, ORIGINAL)).toBe(0)
  })

  it('backs off exponentially up to maxAttempts on repeated 5xx', async () => {
    const server = await startScriptedServer((_i, req, res) => reply(503)(req, res))
    const { waits, options } = recorded()
    const [result] = await createForwarder({ targets: [server.url], ...options, maxAttempts: 4 }).forward({ body: ORIGINAL })
    expect(result).toMatchObject({ ok: false, status: 503, attempts: 4, retryable: true })
    expect(result!.error).toContain('503')
    expect(waits).toEqual([75, 150, 300])
    expect(server.requests).toHaveLength(4)
  })

  it('waits for Retry-After (seconds) on a 429, with real timers', async () => {
    const server = await startScriptedServer((i, req, res) => reply(i === 0 ? 429 : 200, i === 0 ? { 'retry-after': '1' } : {})(req, res))
    const [result] = await createForwarder({ targets: [server.url], baseDelayMs: 10 }).forward({ body: ORIGINAL })
    expect(result).toMatchObject({ ok: true, status: 200, attempts: 2 })
    expect(result!.durationMs).toBeGreaterThanOrEqual(990)
    const [first, second] = server.requests
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(990)
    expect(Buffer.compare(second!.body, ORIGINAL)).toBe(0)
  })

  it('reads Retry-After as an HTTP-date', async () => {
    const server = await startScriptedServer((i, req, res) => {
      const later = new Date(Date.now() + 30_000).toUTCString()
      reply(i === 0 ? 503 : 200, i === 0 ? { 'retry-after': later } : {})(req, res)
    })
    const { waits, options } = recorded()
    const [result] = await createForwarder({ targets: [server.url], ...options }).forward({ body: ORIGINAL })
    expect(result).toMatchObject({ ok: true, attempts: 2 })
    expect(waits).toHaveLength(1)
    expect(waits[0]).toBeGreaterThan(28_000)
    expect(waits[0]).toBeLessThanOrEqual(30_000)
  })

  it('gives up at once when Retry-After exceeds the remaining time budget', async () => {
    const server = await startScriptedServer((_i, req, res) => reply(429, { 'retry-after': '120' })(req, res))
    const { waits, options } = recorded()
    const [result] = await createForwarder({ targets: [server.url], ...options, maxTotalMs: 5000 }).forward({ body: ORIGINAL })
    expect(result).toMatchObject({ ok: false, status: 429, attempts: 1, retryable: true })
    expect(result!.error).toContain('Retry-After')
    expect(waits).toEqual([])
  })

  it('retries 408', async () => {
    const server = await startScriptedServer((i, req, res) => reply(i === 0 ? 408 : 200)(req, res))
    const [result] = await createForwarder({ targets: [server.url], ...recorded().options }).forward({ body: ORIGINAL })
    expect(result).toMatchObject({ ok: true, attempts: 2 })
  })

  it.each([400, 401, 403, 404, 410, 422])('does not retry %i', async (status) => {
    const server = await startScriptedServer((_i, req, res) => reply(status)(req, res))
    const { waits, options } = recorded()
    const [result] = await createForwarder({ targets: [server.url], ...options }).forward({ body: ORIGINAL })
    expect(result).toMatchObject({ ok: false, status, attempts: 1, retryable: false })
    expect(server.requests).toHaveLength(1)
    expect(waits).toEqual([])
  })
})

describe('createForwarder: faults', () => {
  it('times out a hanging target, retries it, and stops at maxAttempts', async () => {
    const server = await startScriptedServer(() => undefined)
    const started = Date.now()
    const [result] = await createForwarder({ targets: [server.url], timeoutMs: 150, maxAttempts: 3, baseDelayMs: 10 }).forward({ body: ORIGINAL })
    const elapsed = Date.now() - started
    expect(result).toMatchObject({ ok: false, attempts: 3, retryable: true })
    expect(result!.status).toBeUndefined()
    expect(result!.error).toContain('timed out after 150 ms')
    expect(elapsed).toBeGreaterThanOrEqual(440)
    expect(elapsed).toBeLessThan(3000)
    expect(server.requests).toHaveLength(3)
    for (const request of server.requests) expect(Buffer.compare(request.body, ORIGINAL)).toBe(0)
  })

  it('bounds a hanging target by maxTotalMs, shortening the attempt timeout', async () => {
    const server = await startScriptedServer(() => undefined)
    const started = Date.now()
    const [result] = await createForwarder({ targets: [server.url], timeoutMs: 5000, maxAttempts: 10, maxTotalMs: 300 }).forward({ body: ORIGINAL })
    const elapsed = Date.now() - started
    expect(result).toMatchObject({ ok: false, attempts: 1, retryable: true })
    expect(result!.error).toContain('timed out')
    expect(result!.error).toContain('maxTotalMs')
    expect(elapsed).toBeGreaterThanOrEqual(280)
    expect(elapsed).toBeLessThan(2000)
  })

  it('retries after a connection reset', async () => {
    const server = await startScriptedServer((i, req, res) => (i === 0 ? reset(req) : reply(200)(req, res)))
    const [result] = await createForwarder({ targets: [server.url], ...recorded().options }).forward({ body: ORIGINAL })
    expect(result).toMatchObject({ ok: true, status: 200, attempts: 2 })
    expect(server.requests).toHaveLength(2)
    for (const request of server.requests) expect(Buffer.compare(request.body, ORIGINAL)).toBe(0)
  })

  it('reports a network error after resets on every attempt', async () => {
    const server = await startScriptedServer((_i, req) => reset(req))
    const [result] = await createForwarder({ targets: [server.url], ...recorded().options, maxAttempts: 3 }).forward({ body: ORIGINAL })
    expect(result).toMatchObject({ ok: false, attempts: 3, retryable: true })
    expect(result!.error).toMatch(/^network error/)
    expect(server.requests).toHaveLength(3)
  })

  it('retries a refused connection', async () => {
    const url = await closedPortUrl()
    const [result] = await createForwarder({ targets: [url], ...recorded().options, maxAttempts: 2 }).forward({ body: ORIGINAL })
    expect(result).toMatchObject({ ok: false, attempts: 2, retryable: true })
    expect(result!.error).toMatch(/^network error/)
  })

  it.each([301, 302, 303, 307, 308])('reports a %i with its Location and never follows it', async (status) => {
    const final = await startScriptedServer((_i, req, res) => reply(200)(req, res))
    const server = await startScriptedServer((_i, req, res) => reply(status, { location: final.url })(req, res))
    const { waits, options } = recorded()
    const [result] = await createForwarder({ targets: [server.url], ...options }).forward({ body: ORIGINAL })
    expect(result).toMatchObject({ ok: false, status, attempts: 1, retryable: false, location: final.url })
    expect(result!.error).toContain('redirect')
    expect(final.requests).toHaveLength(0)
    expect(waits).toEqual([])
  })

  it('reports one failing target without affecting the others', async () => {
    const good = await startScriptedServer((_i, req, res) => reply(200)(req, res))
    const bad = await startScriptedServer((_i, req, res) => reply(500)(req, res))
    const results = await createForwarder({ targets: [bad.url, good.url], ...recorded().options, maxAttempts: 2 }).forward({ body: ORIGINAL })
    expect(results).toMatchObject([
      { target: bad.url, ok: false, status: 500, attempts: 2 },
      { target: good.url, ok: true, status: 200, attempts: 1 },
    ])
  })

  it('resolves, never rejects, when an injected fetch or sleep throws', async () => {
    const throwingFetch = (): Promise<Response> => {
      throw new TypeError('synchronous failure')
    }
    const [first] = await createForwarder({ targets: ['https://a.example/hook'], fetch: throwingFetch, maxAttempts: 1 }).forward({ body: ORIGINAL })
    expect(first).toMatchObject({ ok: false, attempts: 1, retryable: true })
    expect(first!.error).toContain('synchronous failure')

    const failingFetch = async (): Promise<Response> => new Response(null, { status: 500 })
    const sleep = async (): Promise<void> => Promise.reject(new Error('timer broke'))
    const [second] = await createForwarder({ targets: ['https://a.example/hook'], fetch: failingFetch, sleep }).forward({ body: ORIGINAL })
    expect(second).toMatchObject({ ok: false, status: 500, attempts: 1, retryable: true })
    expect(second!.error).toContain('timer broke')
  })

  it('asks fetch for a manual redirect on a POST', async () => {
    const seen: RequestInit[] = []
    const fetch = async (_url: string, init: RequestInit): Promise<Response> => {
      seen.push(init)
      return new Response(null, { status: 200 })
    }
    await createForwarder({ targets: ['https://a.example/hook'], fetch }).forward({ body: ORIGINAL })
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({ method: 'POST', redirect: 'manual' })
    expect(seen[0]!.signal).toBeInstanceOf(AbortSignal)
  })
})

describe('createForwarder: target selection', () => {
  it('sends each environment only to the targets that accept it', async () => {
    const production = await startScriptedServer((_i, req, res) => reply(200)(req, res))
    const sandbox = await startScriptedServer((_i, req, res) => reply(200)(req, res))
    const everything = await startScriptedServer((_i, req, res) => reply(200)(req, res))
    const forwarder = createForwarder({
      targets: [
        { url: production.url, id: 'production', environments: ['Production'] },
        { url: sandbox.url, id: 'sandbox', environments: ['Sandbox', 'Xcode'] },
        { url: everything.url, id: 'everything' },
      ],
    })
    const sandboxResults = await forwarder.forward({ body: ORIGINAL, notification: { environment: 'Sandbox' } })
    expect(sandboxResults).toMatchObject([
      { target: 'production', ok: true, attempts: 0, skipped: 'environment' },
      { target: 'sandbox', ok: true, attempts: 1, status: 200 },
      { target: 'everything', ok: true, attempts: 1 },
    ])
    await forwarder.forward({ body: ORIGINAL, notification: { environment: 'Production' } })
    // Unknown environment: only unrestricted targets receive it.
    const unknown = await forwarder.forward({ body: ORIGINAL })
    expect(unknown.map((result) => result.skipped)).toEqual(['environment', 'environment', undefined])
    expect([production.requests.length, sandbox.requests.length, everything.requests.length]).toEqual([1, 1, 3])
  })

  it('does not re-send a retried notification to targets that already have it', async () => {
    const done = await startScriptedServer((_i, req, res) => reply(200)(req, res))
    const flaky = await startScriptedServer((i, req, res) => reply(i === 0 ? 503 : 200)(req, res))
    const forwarder = createForwarder({ targets: [{ url: done.url, id: 'done' }, { url: flaky.url, id: 'flaky' }], maxAttempts: 1 })
    const notification = { notificationUUID: '6f6e3b1c-0000-4000-8000-000000000001', environment: 'Production' }

    const first = await forwarder.forward({ body: ORIGINAL, notification })
    expect(first.map((result) => result.ok)).toEqual([true, false])
    // Apple retries the notification; the handler passes the ids that already succeeded.
    const delivered = first.filter((result) => result.ok && result.skipped === undefined).map((result) => result.target)
    const second = await forwarder.forward({ body: ORIGINAL, notification, skipTargets: delivered })
    expect(second).toMatchObject([
      { target: 'done', ok: true, attempts: 0, skipped: 'delivered' },
      { target: 'flaky', ok: true, attempts: 1, status: 200 },
    ])
    expect(done.requests).toHaveLength(1)
    expect(flaky.requests).toHaveLength(2)
    expect(Buffer.compare(flaky.requests[1]!.body, ORIGINAL)).toBe(0)
    // A single id passed as a string is one id, not a list of characters.
    const third = await forwarder.forward({ body: ORIGINAL, notification, skipTargets: 'done' as unknown as Iterable<string> })
    expect(third.map((result) => result.skipped)).toEqual(['delivered', undefined])
  })

  it('exposes the resolved targets and their ids', () => {
    const forwarder = createForwarder({ targets: ['https://a.example/hook', { url: 'https://b.example/hook', id: 'b', environments: ['Sandbox'] }] })
    expect(forwarder.targets).toEqual([
      { id: 'https://a.example/hook', url: 'https://a.example/hook' },
      { id: 'b', url: 'https://b.example/hook', environments: ['Sandbox'] },
    ])
  })
})

describe('createForwarder: signing', () => {
  it('signs every attempt so the receiver can verify the exact bytes', async () => {
    const secret = 'whsec-forwarding-test-secret'
    const server = await startScriptedServer((i, req, res) => (i === 0 ? reset(req) : reply(200)(req, res)))
    const [result] = await createForwarder({ targets: [server.url], signingSecret: secret, ...recorded().options }).forward({ body: ORIGINAL })
    expect(result).toMatchObject({ ok: true, attempts: 2 })
    for (const request of server.requests) {
      const header = request.headers[FORWARD_SIGNATURE_HEADER]
      expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/)
      await expect(verifyForwardSignature({ body: request.body, header: header as string, secret })).resolves.toBeUndefined()
      await expect(verifyForwardSignature({ body: request.body, header: header as string, secret: 'another' })).rejects.toMatchObject({
        code: 'ERR_FORWARD_SIGNATURE_INVALID',
      })
    }
  })
})

describe('createForwarder: misuse', () => {
  it.each([
    ['no targets', { targets: [] }],
    ['a relative URL', { targets: ['/hook'] }],
    ['a non-HTTP scheme', { targets: ['ftp://a.example/hook'] }],
    ['credentials in the URL', { targets: ['https://user:pass@a.example/hook'] }],
    ['a repeated id', { targets: ['https://a.example/hook', { url: 'https://b.example/hook', id: 'https://a.example/hook' }] }],
    ['an empty environments list', { targets: [{ url: 'https://a.example/hook', environments: [] }] }],
    ['an invalid header', { targets: [{ url: 'https://a.example/hook', headers: { 'bad header': 'x' } }] }],
    ['an empty secret', { targets: ['https://a.example/hook'], signingSecret: '' }],
    ['zero attempts', { targets: ['https://a.example/hook'], maxAttempts: 0 }],
    ['a negative timeout', { targets: ['https://a.example/hook'], timeoutMs: -1 }],
    ['a cap below the base delay', { targets: ['https://a.example/hook'], baseDelayMs: 1000, maxDelayMs: 10 }],
  ])('rejects %s with ERR_CONFIG_INVALID', (_name, options) => {
    expect(() => createForwarder(options as ForwarderOptions)).toThrow(expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }))
  })

  it('rejects a parsed body instead of re-serialising it', async () => {
    const forwarder = createForwarder({ targets: ['https://a.example/hook'], fetch: async () => new Response(null) })
    await expect(forwarder.forward({ body: { signedPayload: 'x' } as unknown as string })).rejects.toMatchObject({ code: 'ERR_BODY_MALFORMED' })
  })
})
