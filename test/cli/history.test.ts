import { beforeAll, describe, expect, it } from 'vitest'
import { createTestSigner } from 'app-store-notifications/testing'
import { signHistory, type HistoryEntry } from '../core/recovery/history-fixture.js'
import { type FakeApple, runCli, serveHistoryOn, useFakeApple } from './cli-harness.js'

let apple: FakeApple
let env: Record<string, string>
let entries: HistoryEntry[]
const START = Date.now() - 3 * 86_400_000

const fake = useFakeApple()
beforeAll(async () => {
  ;({ apple, env } = fake)
  entries = await signHistory(await createTestSigner(), 23, START)
})

describe('app-store-notifications history', () => {
  it('prints a table of every page: signed date, type, subtype, UUID and send attempts', async () => {
    serveHistoryOn(apple, entries)
    const run = await runCli(['history', '--since', '4d'], { env })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const lines = run.stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^Sandbox notification history for com\.example\.wallet, \d{4}-.* → \d{4}-/)
    expect(lines[1]).toMatch(/^SIGNED +TYPE +SUBTYPE +NOTIFICATION UUID +SEND ATTEMPTS$/)
    expect(lines).toHaveLength(2 + 23 + 1)
    expect(lines[2]).toContain(new Date(entries[0]!.signedDate).toISOString())
    expect(lines[2]).toMatch(/\(3 days ago\) +ONE_TIME_CHARGE +- +[0-9a-f-]{36} +UNSUCCESSFUL_HTTP_RESPONSE_CODE$/)
    expect(lines[3]).toContain(`${entries[1]!.notificationUUID}  SUCCESS`)
    expect(lines.at(-1)).toBe('23 notifications, 8 never delivered successfully')
    expect(apple.requests.map((request) => request.url.searchParams.get('paginationToken'))).toEqual([null, expect.stringMatching(/^20@/)])
  })

  it('sends the filters in the body and prints JSON with --json', async () => {
    serveHistoryOn(apple, entries.slice(0, 2))
    const day = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10)
    const until = `${new Date(Date.now() - 86_400_000).toISOString().slice(0, 13)}:00:00Z`
    const run = await runCli(['history', '--since', day, '--until', until, '--only-failures', '--type', 'SUBSCRIBED.RESUBSCRIBE', '--json'], {
      env: { ...env, APP_STORE_ENVIRONMENT: 'sandbox' },
    })
    expect(run.code).toBe(0)
    const body = { startDate: Date.parse(`${day}T00:00:00Z`), endDate: Date.parse(until), onlyFailures: true, notificationType: 'SUBSCRIBED', notificationSubtype: 'RESUBSCRIBE' }
    expect(apple.requests[0]?.body).toEqual(body)
    expect(JSON.parse(run.stdout)).toMatchObject({ environment: 'Sandbox', request: body, notifications: [] })

    const json = await runCli(['history', '--since', '4d', '--transaction-id', '2000000111111111', '--json'], { env })
    const output = JSON.parse(json.stdout) as { notifications: Record<string, unknown>[] }
    expect(output.notifications[0]).toEqual({
      notificationUUID: entries[0]!.notificationUUID,
      notificationType: 'ONE_TIME_CHARGE',
      signedDate: entries[0]!.signedDate,
      sendAttempts: entries[0]!.sendAttempts,
      signedPayload: entries[0]!.signedPayload,
    })
    expect(apple.requests[1]?.body).toMatchObject({ transactionId: '2000000111111111' })
  })

  it("fails with Apple's error code when the API refuses", async () => {
    apple.routes.set('POST /inApps/v1/notifications/history', () => ({ status: 400, json: { errorCode: 4000012, errorMessage: 'Start date too far in past.' } }))
    const run = await runCli(['history', '--since', '2d'], { env })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^error ERR_API_REQUEST_REJECTED: .*4000012 StartDateTooFarInPastError/)
  })

  it('checks the range against Apple retention and the filters against each other before calling Apple', async () => {
    const tooOld = await runCli(['history', '--since', '45d'], { env })
    expect(tooOld.code).toBe(2)
    expect(tooOld.stderr).toContain('Apple keeps 30 days of Sandbox history')
    const both = await runCli(['history', '--since', '1d', '--type', 'REFUND', '--transaction-id', '1'], { env })
    expect(both.code).toBe(2)
    expect(both.stderr).toContain('exclude each other')
    const badDate = await runCli(['history', '--since', 'last week'], { env })
    expect(badDate.code).toBe(2)
    expect(badDate.stderr).toContain('--since must be a duration back from now')
    const noSince = await runCli(['history'], { env })
    expect(noSince.stderr).toContain('--since is required')
    expect(apple.requests).toEqual([])
  })
})
