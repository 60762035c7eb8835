import { setupServer } from 'msw/node'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createAppStoreServerApi, createAsnHandler, replayNotificationHistory } from 'app-store-notifications'
import type { AsnHandler, ReplayProgress } from 'app-store-notifications'
import { createTestSigner, type TestSigner } from 'app-store-notifications/testing'
import { useAppleApi, type AppleMock, type TestCredentials } from '../api/apple-server-mock.js'
import { BUNDLE_ID } from '../../helpers/payloads.js'
import { serveHistory, signHistory, type HistoryEntry } from './history-fixture.js'

const server = setupServer()
let credentials: TestCredentials
let signer: TestSigner
let entries: HistoryEntry[]
let apple: AppleMock
const START = Date.now() - 10 * 86_400_000
const END = Date.now()

const mock = useAppleApi(server)
beforeAll(async () => {
  credentials = mock.credentials
  signer = await createTestSigner()
  entries = await signHistory(signer, 45, START + 60_000)
})
beforeEach(() => {
  apple = mock.apple
})

const api = () => createAppStoreServerApi(mock.options({ retry: false }))

/** The real handler, trusting the test root; counts listener runs per notificationUUID. */
function makeHandler(control: { failFor?: string | undefined } = {}): { handler: AsnHandler; runs: Map<string, number> } {
  const runs = new Map<string, number>()
  const handler = createAsnHandler({
    verifier: { bundleId: BUNDLE_ID, environment: 'Sandbox', rootCertificates: [signer.rootCertificate] },
  }).onAny((notification) => {
    if (notification.notificationUUID === control.failFor) throw new Error('database is down')
    runs.set(notification.notificationUUID, (runs.get(notification.notificationUUID) ?? 0) + 1)
  })
  return { handler, runs }
}

const uuids = (list: readonly HistoryEntry[]) => list.map((entry) => entry.notificationUUID)

describe('replayNotificationHistory', () => {
  it('pages through the history with the same body and runs each notification through the handler once', async () => {
    // The 5th notification shows up again on the second page: Apple's pages are a moving view.
    const withDuplicate = [...entries.slice(0, 25), entries[4]!, ...entries.slice(25)]
    serveHistory(apple, withDuplicate)
    const { handler, runs } = makeHandler()
    const progress: ReplayProgress[] = []
    const result = await replayNotificationHistory({
      api: api(),
      handler,
      startDate: START,
      endDate: new Date(END),
      onlyFailures: true,
      onProgress: (p) => progress.push(p),
    })

    expect(result).toMatchObject({ processed: 45, alreadyDone: 1, failed: [], pages: 3, complete: true, restarts: 0 })
    expect(result.resumeToken).toBeUndefined()
    expect(result.lastSignedDate).toBe(entries[44]!.signedDate)
    expect([...runs.keys()].sort()).toEqual(uuids(entries).sort())
    expect([...runs.values()].every((count) => count === 1)).toBe(true)
    const body = { startDate: START, endDate: END, onlyFailures: true }
    expect(apple.requests.map((request) => request.body)).toEqual([body, body, body])
    expect(apple.requests.map((request) => request.url.searchParams.get('paginationToken'))).toEqual([null, `20@${START}`, `40@${START}`])
    expect(progress).toHaveLength(46 + 2)
    expect(progress.at(-1)).toMatchObject({ page: 3, processed: 45, alreadyDone: 1, failed: 0 })
  })

  it('skips what the live endpoint already processed', async () => {
    serveHistory(apple, entries.slice(0, 10))
    const { handler, runs } = makeHandler()
    for (const entry of entries.slice(0, 4)) {
      const response = await handler.fetch(new Request('http://localhost/', { method: 'POST', body: JSON.stringify({ signedPayload: entry.signedPayload }) }))
      expect(response.status).toBe(200)
    }
    const result = await replayNotificationHistory({ api: api(), handler, startDate: START, endDate: END })
    expect(result).toMatchObject({ processed: 6, alreadyDone: 4, complete: true })
    expect([...runs.values()]).toEqual(Array(10).fill(1))
  })

  it('reports failures with their reason, keeps going, and a rerun completes them', async () => {
    const stranger = await createTestSigner()
    const foreign = await stranger.sign({
      notificationType: 'TEST',
      notificationUUID: 'f0f0f0f0-0000-4000-8000-000000000000',
      version: '2.0',
      signedDate: START + 5,
      data: { bundleId: BUNDLE_ID, environment: 'Sandbox' },
    })
    const history = [
      { signedPayload: foreign, notificationUUID: 'f0f0f0f0-0000-4000-8000-000000000000', signedDate: START + 5, sendAttempts: [] },
      ...entries.slice(0, 5),
    ]
    serveHistory(apple, history)
    const failing = entries[2]!.notificationUUID
    const control: { failFor?: string | undefined } = { failFor: failing }
    const { handler, runs } = makeHandler(control)
    const result = await replayNotificationHistory({ api: api(), handler, startDate: START, endDate: END })

    expect(result).toMatchObject({ processed: 4, alreadyDone: 0, complete: true })
    expect(result.failed).toEqual([
      {
        notificationUUID: 'f0f0f0f0-0000-4000-8000-000000000000',
        notificationType: 'TEST',
        signedDate: START + 5,
        status: 401,
        code: 'ERR_CHAIN_UNTRUSTED_ROOT',
        signedPayload: foreign,
      },
      {
        notificationUUID: failing,
        notificationType: 'ONE_TIME_CHARGE',
        signedDate: entries[2]!.signedDate,
        status: 500,
        code: 'ERR_HANDLER_FAILED',
        signedPayload: entries[2]!.signedPayload,
      },
    ])
    expect(runs.get(failing)).toBeUndefined()

    // The failing listener released its claim, so once fixed, the next run processes it.
    control.failFor = undefined
    const again = await replayNotificationHistory({ api: api(), handler, startDate: START, endDate: END })
    expect(again).toMatchObject({ processed: 1, alreadyDone: 4 })
    expect(again.failed.map((failure) => failure.code)).toEqual(['ERR_CHAIN_UNTRUSTED_ROOT'])
    expect(runs.get(failing)).toBe(1)
  })

  it('stops between notifications on abort and resumes from the returned token without running anything twice', async () => {
    serveHistory(apple, entries)
    const { handler, runs } = makeHandler()
    const controller = new AbortController()
    const first = await replayNotificationHistory({
      api: api(),
      handler,
      startDate: START,
      endDate: END,
      signal: controller.signal,
      onProgress: ({ processed }) => {
        if (processed === 25) controller.abort()
      },
    })
    expect(first).toMatchObject({ processed: 25, alreadyDone: 0, complete: false, pages: 2, resumeToken: `20@${START}` })
    expect(first.lastSignedDate).toBe(entries[24]!.signedDate)
    expect(runs.size).toBe(25)

    const resumed = await replayNotificationHistory({
      api: api(),
      handler,
      ...first.request,
      paginationToken: first.resumeToken,
      lastSignedDate: first.lastSignedDate,
    })
    expect(resumed).toMatchObject({ processed: 20, alreadyDone: 5, complete: true, pages: 2 })
    expect([...runs.keys()].sort()).toEqual(uuids(entries).sort())
    expect([...runs.values()].every((count) => count === 1)).toBe(true)
    expect(apple.requests.slice(2).map((request) => request.url.searchParams.get('paginationToken'))).toEqual([`20@${START}`, `40@${START}`])
  })

  it('returns at once when aborted before starting, keeping the given token', async () => {
    serveHistory(apple, entries)
    const result = await replayNotificationHistory({
      api: api(),
      handler: makeHandler().handler,
      startDate: START,
      endDate: END,
      paginationToken: `20@${START}`,
      signal: AbortSignal.abort(),
    })
    expect(result).toMatchObject({ processed: 0, pages: 0, complete: false, resumeToken: `20@${START}` })
    expect(apple.requests).toEqual([])
  })

  it('restarts from the last replayed signedDate when Apple says the pagination token expired', async () => {
    const history = serveHistory(apple, entries)
    history.expired.add(`20@${START}`)
    const { handler, runs } = makeHandler()
    const result = await replayNotificationHistory({ api: api(), handler, startDate: START, endDate: END })

    const restartedAt = entries[19]!.signedDate
    expect(result).toMatchObject({ processed: 45, alreadyDone: 1, complete: true, restarts: 1, request: { startDate: restartedAt, endDate: END } })
    expect([...runs.values()].every((count) => count === 1)).toBe(true)
    expect(runs.size).toBe(45)
    expect(apple.requests.map((request) => [(request.body as { startDate: number }).startDate, request.url.searchParams.get('paginationToken')])).toEqual([
      [START, null],
      [START, `20@${START}`],
      [restartedAt, null],
      [restartedAt, `20@${restartedAt}`],
    ])
  })

  it('restarts a resumed run whose saved token expired from the saved lastSignedDate', async () => {
    const history = serveHistory(apple, entries)
    history.expired.add('stale-token')
    const { handler, runs } = makeHandler()
    const result = await replayNotificationHistory({
      api: api(),
      handler,
      startDate: START,
      endDate: END,
      paginationToken: 'stale-token',
      lastSignedDate: entries[39]!.signedDate,
    })
    expect(result).toMatchObject({ processed: 6, complete: true, restarts: 1 })
    expect([...runs.keys()]).toEqual(uuids(entries.slice(39)))
  })

  it('ends with the API error, its counts and the token to resume from', async () => {
    const history = serveHistory(apple, entries)
    history.broken.add(`40@${START}`)
    const result = await replayNotificationHistory({ api: api(), handler: makeHandler().handler, startDate: START, endDate: END })
    expect(result).toMatchObject({ processed: 40, complete: false, pages: 2, resumeToken: `40@${START}` })
    expect(result.error).toMatchObject({ code: 'ERR_API_UNAVAILABLE', details: { httpStatus: 500, apiErrorCode: 5000000 } })
  })

  it('stops instead of looping when Apple says hasMore without a new token', async () => {
    serveHistory(apple, entries, { hasMoreWithoutToken: true })
    const result = await replayNotificationHistory({ api: api(), handler: makeHandler().handler, startDate: START, endDate: END })
    expect(result).toMatchObject({ processed: 20, complete: false, pages: 1 })
    expect(result.error).toMatchObject({ code: 'ERR_API_RESPONSE_INVALID' })
  })

  it('counts a delivery that throws as failed with its message and goes on', async () => {
    serveHistory(apple, entries.slice(0, 3))
    let calls = 0
    const result = await replayNotificationHistory({
      api: api(),
      startDate: START,
      endDate: END,
      handler: {
        handle: async () => {
          calls++
          if (calls === 2) throw new TypeError('fetch failed')
          return { status: 204, headers: {}, body: '' }
        },
      },
    })
    expect(result).toMatchObject({ processed: 2, complete: true })
    expect(result.failed).toEqual([{ notificationUUID: entries[1]!.notificationUUID, notificationType: 'ONE_TIME_CHARGE', signedDate: entries[1]!.signedDate, message: 'fetch failed', signedPayload: entries[1]!.signedPayload }])
  })

  it('sends Apple filters and refuses invalid ones before any request', async () => {
    serveHistory(apple, [])
    const handler = makeHandler().handler
    await replayNotificationHistory({ api: api(), handler, startDate: START, endDate: END, notificationType: 'REFUND', notificationSubtype: undefined })
    await replayNotificationHistory({ api: api(), handler, startDate: START, endDate: END, transactionId: '2000000111111111' })
    expect(apple.requests.map((request) => request.body)).toEqual([
      { startDate: START, endDate: END, notificationType: 'REFUND' },
      { startDate: START, endDate: END, transactionId: '2000000111111111' },
    ])
    await expect(
      replayNotificationHistory({ api: api(), handler, startDate: START, endDate: END, transactionId: '1', notificationType: 'REFUND' }),
    ).rejects.toMatchObject({ code: 'ERR_API_INPUT_INVALID' })
    await expect(replayNotificationHistory({ api: api(), handler, startDate: END, endDate: START })).rejects.toMatchObject({ code: 'ERR_API_INPUT_INVALID' })
    await expect(replayNotificationHistory({ api: api(), handler: {} as AsnHandler, startDate: START })).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID' })
    expect(apple.requests).toHaveLength(2)
  })

  it('defaults endDate to now, and takes a client that decodes responses too', async () => {
    serveHistory(apple, entries.slice(0, 2))
    const { handler } = makeHandler()
    const decoding = createAppStoreServerApi({ ...credentials, environment: 'Sandbox', verifier: handler.verifier })
    const result = await replayNotificationHistory({ api: decoding, handler, startDate: START, now: () => END + 5 })
    expect(apple.requests[0]?.body).toEqual({ startDate: START, endDate: END + 5 })
    expect(result).toMatchObject({ processed: 2, complete: true })
  })
})
