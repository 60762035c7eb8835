import { HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createAppStoreServerApi, sendTestNotification } from 'app-store-notifications'
import type { AppStoreServerApiOptions } from 'app-store-notifications'
import { useAppleApi, type AppleMock, type TestCredentials } from '../api/apple-server-mock.js'
import { createSignedFixtures, type SignedFixtures } from '../api/signed-fixtures.js'

const server = setupServer()
let credentials: TestCredentials
let signed: SignedFixtures
let apple: AppleMock
const TOKEN = 'ce3af791-365e-4c60-841b-1674b43c1609-1736446761000'

const mock = useAppleApi(server)
beforeAll(async () => {
  credentials = mock.credentials
  signed = await createSignedFixtures(credentials.bundleId)
})
beforeEach(() => {
  apple = mock.apple
})

const options = (extra: Partial<AppStoreServerApiOptions> = {}): AppStoreServerApiOptions => mock.options({ retry: false, ...extra })

/** A fake clock that moves only when the poller sleeps. */
function fakeTime(): { now: () => number; sleep: (ms: number) => Promise<void>; sleeps: number[] } {
  let time = 1_767_225_600_000
  const sleeps: number[] = []
  return {
    now: () => time,
    sleep: async (ms) => {
      sleeps.push(ms)
      time += ms
    },
    sleeps,
  }
}

/** Apple's status endpoint: "not found" `notReady` times, then the given attempts. */
function serveStatus(payload: string, notReady: number, sendAttempts: unknown[], emptyFirst = 0): void {
  let calls = 0
  apple.on('post', '/inApps/v1/notifications/test', () => HttpResponse.json({ testNotificationToken: TOKEN }))
  apple.on('get', '/inApps/v1/notifications/test/:token', () => {
    calls++
    if (calls <= notReady) return HttpResponse.json({ errorCode: 4040008, errorMessage: 'Test notification not found.' }, { status: 404 })
    if (calls <= notReady + emptyFirst) return HttpResponse.json({ signedPayload: payload, sendAttempts: [] })
    return HttpResponse.json({ signedPayload: payload, sendAttempts })
  })
}

describe('sendTestNotification', () => {
  it('requests a test notification and polls once a second until Apple reports an attempt', async () => {
    const payload = await signed.notification({ notificationUUID: '9a6e5f3c-46d2-4b5e-9d1c-1f0b9b8f2a10' })
    serveStatus(payload, 2, [{ attemptDate: 1_767_225_601_000, sendAttemptResult: 'SUCCESS' }], 1)
    const time = fakeTime()
    const result = await sendTestNotification({ api: createAppStoreServerApi(options()), now: time.now, sleep: time.sleep })

    expect(result).toMatchObject({
      testNotificationToken: TOKEN,
      signedPayload: payload,
      sendAttempts: [{ attemptDate: 1_767_225_601_000, sendAttemptResult: 'SUCCESS' }],
      delivered: true,
      polls: 4,
      decoded: { verified: false, payload: { notificationType: 'TEST', notificationUUID: '9a6e5f3c-46d2-4b5e-9d1c-1f0b9b8f2a10' } },
    })
    expect(result.notification).toBeUndefined()
    expect(time.sleeps).toEqual([1000, 1000, 1000, 1000])
    expect(apple.requests.map((request) => `${request.method} ${request.url.pathname}`)).toEqual([
      'POST /inApps/v1/notifications/test',
      ...Array(4).fill(`GET /inApps/v1/notifications/test/${TOKEN}`),
    ])
  })

  it('returns the verified notification when the client has a verifier, and reports a failed delivery', async () => {
    const payload = await signed.notification()
    serveStatus(payload, 0, [{ attemptDate: 1, sendAttemptResult: 'UNSUCCESSFUL_HTTP_RESPONSE_CODE' }])
    const time = fakeTime()
    const api = createAppStoreServerApi({ ...options(), verifier: signed.verifier })
    const result = await sendTestNotification({ api, now: time.now, sleep: time.sleep, pollIntervalMs: 2_000 })
    expect(result.delivered).toBe(false)
    expect(result.notification).toMatchObject({ notificationType: 'TEST', data: { bundleId: credentials.bundleId, environment: 'Sandbox' } })
    expect(time.sleeps).toEqual([2000])
  })

  it('fails with ERR_API_TIMEOUT when Apple reports no attempt in time', async () => {
    serveStatus(await signed.notification(), 1_000, [])
    const time = fakeTime()
    await expect(
      sendTestNotification({ api: createAppStoreServerApi(options()), timeoutMs: 5_000, now: time.now, sleep: time.sleep }),
    ).rejects.toMatchObject({ code: 'ERR_API_TIMEOUT' })
    expect(time.sleeps).toEqual([1000, 1000, 1000, 1000, 1000])
  })

  it('passes on Apple errors other than "not sent yet"', async () => {
    apple.on('post', '/inApps/v1/notifications/test', () =>
      HttpResponse.json({ errorCode: 4040007, errorMessage: 'Server notification URL not found.' }, { status: 404 }),
    )
    const time = fakeTime()
    await expect(sendTestNotification({ api: createAppStoreServerApi(options()), now: time.now, sleep: time.sleep })).rejects.toMatchObject({
      code: 'ERR_API_REQUEST_REJECTED',
      details: { httpStatus: 404, apiErrorCode: 4040007 },
    })

    apple.on('post', '/inApps/v1/notifications/test', () => HttpResponse.json({ testNotificationToken: TOKEN }))
    apple.on('get', '/inApps/v1/notifications/test/:token', () =>
      HttpResponse.json({ errorCode: 4000020, errorMessage: 'Invalid test notification token.' }, { status: 400 }),
    )
    await expect(sendTestNotification({ api: createAppStoreServerApi(options()), now: time.now, sleep: time.sleep })).rejects.toMatchObject({
      code: 'ERR_API_REQUEST_REJECTED',
      details: { apiErrorCode: 4000020 },
    })
  })

  it('refuses to poll faster than Apple allows', async () => {
    const api = createAppStoreServerApi(options())
    await expect(sendTestNotification({ api, pollIntervalMs: 200 })).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID' })
    await expect(sendTestNotification({ api, timeoutMs: -1 })).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID' })
    await expect(sendTestNotification({ api: {} as typeof api })).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID' })
    expect(apple.requests).toEqual([])
  })
})
