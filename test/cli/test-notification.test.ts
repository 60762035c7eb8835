import { beforeAll, describe, expect, it } from 'vitest'
import type { TestCredentials } from '../core/api/apple-server-mock.js'
import { createSignedFixtures, type SignedFixtures } from '../core/api/signed-fixtures.js'
import { type FakeApple, runCli, useFakeApple } from './cli-harness.js'

let credentials: TestCredentials
let signed: SignedFixtures
let apple: FakeApple
let env: Record<string, string>
const TOKEN = 'ce3af791-365e-4c60-841b-1674b43c1609-1736446761000'
const UUID = '2d3a7f9e-1c0b-4d8a-9e5f-6b7c8d9e0f1a'

const fake = useFakeApple()
beforeAll(async () => {
  ;({ credentials, apple, env } = fake)
  signed = await createSignedFixtures(credentials.bundleId)
})

/** Apple answers "not found" `notReady` times, then reports `results` as send attempts. */
async function serveTest(notReady: number, results: string[]): Promise<void> {
  const payload = await signed.notification({ notificationUUID: UUID })
  let polls = 0
  apple.routes.set('POST /inApps/v1/notifications/test', () => ({ status: 200, json: { testNotificationToken: TOKEN } }))
  apple.routes.set('GET /inApps/v1/notifications/test/*', () => {
    polls++
    if (polls <= notReady) return { status: 404, json: { errorCode: 4040008, errorMessage: 'Test notification not found.' } }
    return { status: 200, json: { signedPayload: payload, sendAttempts: results.map((sendAttemptResult) => ({ attemptDate: Date.now() - 500, sendAttemptResult })) } }
  })
}

describe('app-store-notifications test-notification', () => {
  it('requests a test notification, waits for the send attempt and shows it (exit 0 when delivered)', async () => {
    await serveTest(1, ['SUCCESS'])
    const run = await runCli(['test-notification'], { env })
    expect(run.code).toBe(0)
    expect(run.stderr).toContain('Requesting a Sandbox TEST notification for com.example.wallet')
    expect(run.stdout).toContain(`Test notification token ${TOKEN}`)
    expect(run.stdout).toMatch(/\d{4}-\d{2}-\d{2}T[\d:.]+Z \(just now\) +SUCCESS/)
    expect(run.stdout).toContain(`Payload: TEST ${UUID}, bundleId com.example.wallet, environment Sandbox`)
    expect(run.stdout).toContain('Delivered: your endpoint answered 2xx.')
    expect(apple.requests.map((request) => `${request.method} ${request.url.pathname}`)).toEqual([
      'POST /inApps/v1/notifications/test',
      `GET /inApps/v1/notifications/test/${TOKEN}`,
      `GET /inApps/v1/notifications/test/${TOKEN}`,
    ])
  })

  it('exits 1 when Apple could not deliver, with JSON output on request', async () => {
    await serveTest(0, ['UNSUCCESSFUL_HTTP_RESPONSE_CODE'])
    const run = await runCli(['test-notification', '--json'], { env })
    expect(run.code).toBe(1)
    expect(JSON.parse(run.stdout)).toMatchObject({
      environment: 'Sandbox',
      testNotificationToken: TOKEN,
      delivered: false,
      sendAttempts: [{ sendAttemptResult: 'UNSUCCESSFUL_HTTP_RESPONSE_CODE' }],
      payload: { notificationType: 'TEST', notificationUUID: UUID },
    })
  })

  it('gives up with ERR_API_TIMEOUT when Apple reports nothing in time', async () => {
    await serveTest(1_000, [])
    const run = await runCli(['test-notification', '--timeout', '1500ms'], { env })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`error ERR_API_TIMEOUT: Apple reported no send attempt for test notification ${TOKEN}`)
  })

  it("shows Apple's error when no URL is configured", async () => {
    apple.routes.set('POST /inApps/v1/notifications/test', () => ({ status: 404, json: { errorCode: 4040007, errorMessage: 'Server notification URL not found.' } }))
    const run = await runCli(['test-notification'], { env })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/error ERR_API_REQUEST_REJECTED: .*4040007 ServerNotificationURLNotFoundError/)
  })
})
