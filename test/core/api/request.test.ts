import { delay, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AppStoreServerApiOptions } from '../../../src/core/api/api-types.js'
import { createAppStoreServerApi } from '../../../src/core/api/create-app-store-server-api.js'
import { parseRetryAfter } from '../../../src/core/api/request.js'
import type { ConsumptionRequest } from '../../../src/core/consumption/consumption-rules.js'
import { createAppleMock, createTestCredentials, type AppleMock, type TestCredentials } from './apple-server-mock.js'

const server = setupServer()
let credentials: TestCredentials
let apple: AppleMock
// A fake clock that only the injected sleep moves, so waits are exact and tests take no time.
let clock: number
let waits: number[]

beforeAll(async () => {
  credentials = await createTestCredentials()
  server.listen({ onUnhandledRequest: 'error' })
})
beforeEach(() => {
  clock = Date.now()
  waits = []
  apple = createAppleMock(server, credentials, { clock: () => clock })
})
afterEach(() => {
  expect(apple.jwtProblems).toEqual([])
  server.resetHandlers()
})
afterAll(() => server.close())

const api = (extra: Partial<AppStoreServerApiOptions> = {}) =>
  createAppStoreServerApi({
    issuerId: credentials.issuerId,
    keyId: credentials.keyId,
    privateKey: credentials.privateKey,
    bundleId: credentials.bundleId,
    environment: 'Production',
    now: () => clock,
    sleep: async (ms) => {
      waits.push(ms)
      clock += ms
    },
    random: () => 0.5,
    ...extra,
  })

const CONSUMPTION = '/inApps/v2/transactions/consumption/:id'
const body: ConsumptionRequest = { customerConsented: true, deliveryStatus: 'DELIVERED', sampleContentProvided: false }
const send = (client = api()) => client.sendConsumptionInformation('2000000123456789', body)

/** Answers with each response in turn, the last one forever. */
function sequence(...responses: (() => Response | Promise<Response>)[]) {
  let index = 0
  return () => (responses[Math.min(index++, responses.length - 1)] as () => Response | Promise<Response>)()
}
const accepted = () => new HttpResponse(null, { status: 202 })
const appleError = (status: number, errorCode: number, errorMessage = 'message') =>
  HttpResponse.json({ errorCode, errorMessage }, { status })

describe('retries', () => {
  it('waits until the Retry-After instant (UNIX ms) after a 429, then succeeds', async () => {
    apple.on(
      'put',
      CONSUMPTION,
      sequence(
        () => new HttpResponse(JSON.stringify({ errorCode: 4290000, errorMessage: 'Rate limit exceeded.' }), {
          status: 429,
          headers: { 'retry-after': String(clock + 1_500) },
        }),
        accepted,
      ),
    )
    await send()
    expect(waits).toEqual([1_500])
    expect(apple.requests).toHaveLength(2)
  })

  it('gives up at once, retryable, when Retry-After lies beyond the total time bound', async () => {
    apple.on('put', CONSUMPTION, () =>
      new HttpResponse(JSON.stringify({ errorCode: 4290000 }), { status: 429, headers: { 'retry-after': String(clock + 3_600_000) } }),
    )
    const error = await send().catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'ERR_API_UNAVAILABLE', retryable: true, details: { httpStatus: 429, apiErrorCode: 4290000, retryAfterMs: 3_600_000 } })
    expect(waits).toEqual([])
    expect(apple.requests).toHaveLength(1)
  })

  it('retries a 500 with backoff, then resolves on 202', async () => {
    apple.on('put', CONSUMPTION, sequence(() => appleError(500, 5000000), accepted))
    await send()
    // baseDelayMs 500, equal jitter with random 0.5: 250 + 125
    expect(waits).toEqual([375])
    expect(apple.requests).toHaveLength(2)
  })

  it('backs off exponentially and stops at maxAttempts with Apple’s code surfaced', async () => {
    apple.on('put', CONSUMPTION, () => appleError(503, 5000001, 'try later'))
    await expect(send(api({ retry: { maxAttempts: 4, baseDelayMs: 100, maxTotalMs: 60_000 } }))).rejects.toMatchObject({
      code: 'ERR_API_UNAVAILABLE',
      details: { httpStatus: 503, apiErrorCode: 5000001, apiErrorMessage: 'try later' },
    })
    expect(waits).toEqual([75, 150, 300])
    expect(apple.requests).toHaveLength(4)
  })

  it('keeps the whole call within maxTotalMs', async () => {
    apple.on('put', CONSUMPTION, () => appleError(500, 5000000))
    const started = clock
    await expect(
      send(api({ random: () => 1, retry: { maxAttempts: 100, baseDelayMs: 1_000, maxDelayMs: 60_000, maxTotalMs: 5_000 } })),
    ).rejects.toMatchObject({ code: 'ERR_API_UNAVAILABLE' })
    expect(waits).toEqual([1_000, 2_000])
    expect(clock - started).toBeLessThanOrEqual(5_000)
  })

  it('retries Apple’s …Retryable 404 codes', async () => {
    apple.on('get', '/inApps/v1/transactions/:id', sequence(() => appleError(404, 4040006), () => HttpResponse.json({ signedTransactionInfo: 'x' })))
    await expect(api().getTransactionInfo('1')).resolves.toEqual({ signedTransactionInfo: 'x' })
    expect(waits).toEqual([375])
  })

  it('does not retry other 404s', async () => {
    apple.on('get', '/inApps/v1/transactions/:id', () => appleError(404, 4040010, 'Transaction id not found.'))
    await expect(api().getTransactionInfo('missing')).rejects.toMatchObject({
      code: 'ERR_API_REQUEST_REJECTED',
      details: { httpStatus: 404, apiErrorCode: 4040010 },
    })
    expect(apple.requests).toHaveLength(1)
    expect(waits).toEqual([])
  })

  it('does not retry a 400, and surfaces Apple’s errorCode and errorMessage', async () => {
    apple.on('put', CONSUMPTION, () => appleError(400, 4000035, 'Invalid request. The customer consented field is invalid.'))
    const error = await send().catch((caught: unknown) => caught)
    expect(error).toMatchObject({
      code: 'ERR_API_REQUEST_REJECTED',
      retryable: false,
      details: { httpStatus: 400, apiErrorCode: 4000035, apiErrorMessage: 'Invalid request. The customer consented field is invalid.' },
    })
    expect((error as Error).message).toContain('InvalidCustomerConsentedError')
    expect(apple.requests).toHaveLength(1)
    expect(waits).toEqual([])
  })

  it('rejects a 400 without an Apple body as malformed, not retried', async () => {
    apple.on('put', CONSUMPTION, () => new HttpResponse('bad', { status: 400 }))
    await expect(send()).rejects.toMatchObject({ code: 'ERR_API_REQUEST_REJECTED', details: { httpStatus: 400 } })
    expect(apple.requests).toHaveLength(1)
  })

  it('retries a network error, then succeeds; gives ERR_API_UNAVAILABLE when it persists', async () => {
    apple.on('put', CONSUMPTION, sequence(() => HttpResponse.error(), accepted))
    await send()
    expect(apple.requests).toHaveLength(2)

    server.resetHandlers()
    apple.on('put', CONSUMPTION, () => HttpResponse.error())
    const error = await send(api({ retry: { maxAttempts: 2 } })).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'ERR_API_UNAVAILABLE', retryable: true })
    expect((error as Error).cause).toBeDefined()
  })
})

describe('timeouts', () => {
  it('times out a hanging attempt, retries, and succeeds', async () => {
    apple.on(
      'put',
      CONSUMPTION,
      sequence(async () => {
        await delay('infinite')
        return accepted()
      }, accepted),
    )
    await send(api({ timeoutMs: 50 }))
    expect(apple.requests).toHaveLength(2)
    expect(waits).toHaveLength(1)
  })

  it('fails with ERR_API_TIMEOUT when every attempt hangs, after maxAttempts', async () => {
    apple.on('put', CONSUMPTION, async () => {
      await delay(2_000)
      return accepted()
    })
    const started = performance.now()
    await expect(send(api({ timeoutMs: 40, retry: { maxAttempts: 3 } }))).rejects.toMatchObject({ code: 'ERR_API_TIMEOUT', retryable: true })
    expect(apple.requests).toHaveLength(3)
    expect(performance.now() - started).toBeLessThan(1_500)
  })

  it('applies a 10 s timeout to every request by default', async () => {
    // No msw here: a fetch that only ever settles when aborted, under fake timers.
    let called: () => void = () => undefined
    const fetchCalled = new Promise<void>((resolve) => (called = resolve))
    const hangingFetch = (_url: string, init: RequestInit) => {
      called()
      return new Promise<Response>((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(new Error('aborted'))))
    }
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      const outcome = send(api({ fetch: hangingFetch, retry: false })).catch((caught: unknown) => caught)
      await fetchCalled
      await vi.advanceTimersByTimeAsync(9_999)
      expect(await Promise.race([outcome, Promise.resolve('pending')])).toBe('pending')
      await vi.advanceTimersByTimeAsync(1)
      expect(await outcome).toMatchObject({ code: 'ERR_API_TIMEOUT' })
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('authentication', () => {
  it('re-signs once on a 401 and retries', async () => {
    apple.on('put', CONSUMPTION, sequence(() => new HttpResponse(null, { status: 401 }), accepted))
    await send()
    expect(apple.requests).toHaveLength(2)
    expect(apple.requests[0]?.token).not.toBe(apple.requests[1]?.token)
    expect(waits).toEqual([])
  })

  it('fails with the 401 when the fresh token is rejected too', async () => {
    apple.on('put', CONSUMPTION, () => new HttpResponse(null, { status: 401 }))
    await expect(send()).rejects.toMatchObject({ code: 'ERR_API_REQUEST_REJECTED', retryable: false, details: { httpStatus: 401 } })
    expect(apple.requests).toHaveLength(2)
  })

  it('reuses a token for a few minutes, then signs a new one', async () => {
    apple.on('put', CONSUMPTION, accepted)
    const client = api()
    await send(client)
    clock += 60_000
    await send(client)
    clock += 4 * 60_000
    await send(client)
    const [first, second, third] = apple.requests
    expect(second?.token).toBe(first?.token)
    expect(third?.token).not.toBe(first?.token)
    expect(third?.claims['iat']).toBe(Math.floor(clock / 1000))
    expect(Number(first?.claims['exp']) - Number(first?.claims['iat'])).toBe(300)
  })

  it('signs one token for concurrent calls', async () => {
    apple.on('put', CONSUMPTION, accepted)
    const client = api()
    await Promise.all([send(client), send(client), send(client)])
    expect(new Set(apple.requests.map((request) => request.token)).size).toBe(1)
  })
})

describe('parseRetryAfter', () => {
  const now = 1_767_225_600_000

  it('reads Apple’s UNIX time in milliseconds', () => {
    expect(parseRetryAfter(String(now + 2_500), now)).toBe(2_500)
    expect(parseRetryAfter(String(now - 10), now)).toBe(0)
  })

  it('reads HTTP delta-seconds and dates from a proxy in between', () => {
    expect(parseRetryAfter('3', now)).toBe(3_000)
    expect(parseRetryAfter(new Date(now + 5_000).toUTCString(), now)).toBe(5_000)
  })

  it('ignores a missing or unreadable header', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined()
    expect(parseRetryAfter('soon', now)).toBeUndefined()
  })
})
