import { beforeAll, describe, expect, it } from 'vitest'
import { createAsnHandler, createMemoryIdempotencyStore } from 'app-store-notifications'
import type { AsnHandlerOptions, IdempotencyStore } from 'app-store-notifications'
import { createTestSigner } from 'app-store-notifications/testing'
import type { TestSigner } from 'app-store-notifications/testing'
import { BUNDLE_ID, notificationPayload, renewalInfoPayload, transactionPayload } from '../../helpers/payloads.js'

let signer: TestSigner
beforeAll(async () => {
  signer = await createTestSigner()
})

const make = (options: Partial<AsnHandlerOptions> = {}) =>
  createAsnHandler({ verifier: { bundleId: BUNDLE_ID, environment: 'Sandbox', rootCertificates: [signer.rootCertificate] }, ...options })
const post = (handler: ReturnType<typeof make>, body: string) => handler.fetch(new Request('http://localhost/', { method: 'POST', body }))

describe('exactly-once handling', () => {
  it('runs the listener once for 50 parallel deliveries of one notification (memory store)', async () => {
    let runs = 0
    const handler = make().onAny(async () => {
      runs++
      await new Promise((resolve) => setTimeout(resolve, 50))
    })
    const { body } = await signer.signNotification(notificationPayload())
    const responses = await Promise.all(Array.from({ length: 50 }, () => post(handler, body)))
    expect(runs).toBe(1)
    expect(responses.map((response) => response.status)).toEqual(Array(50).fill(200))
  })

  it('answers 503 to a concurrent duplicate that waited longer than concurrentWaitMs', async () => {
    let release!: () => void
    const handler = make({ concurrentWaitMs: 50 }).onAny(() => new Promise<void>((resolve) => { release = resolve }))
    const { body } = await signer.signNotification(notificationPayload())
    const first = post(handler, body)
    await new Promise((resolve) => setTimeout(resolve, 20))
    const second = await post(handler, body)
    expect(second.status).toBe(503)
    expect(await second.json()).toEqual({ ok: false, error: 'ERR_NOTIFICATION_IN_PROGRESS' })
    release()
    expect((await first).status).toBe(200)
  })

  it('answers 503 when the store fails, never 200', async () => {
    const broken: IdempotencyStore = {
      claim: () => Promise.reject(new Error('connection refused')),
      complete: () => Promise.resolve(),
      release: () => Promise.resolve(),
    }
    const errors: string[] = []
    const handler = make({ idempotency: broken, onError: (error) => errors.push(error.code) })
    const response = await post(handler, (await signer.signNotification(notificationPayload())).body)
    expect(response.status).toBe(503)
    expect(errors).toEqual(['ERR_IDEMPOTENCY_STORE_FAILED'])
  })

  it('keeps the in-memory store bounded and expires entries', async () => {
    let now = 0
    const store = createMemoryIdempotencyStore({ maxEntries: 3, now: () => now })
    for (const key of ['a', 'b', 'c', 'd']) {
      await store.claim(key, { leaseMs: 1_000 })
      await store.complete(key, { ttlMs: 10_000 })
    }
    expect(await store.claim('a', { leaseMs: 1_000 })).toBe('claimed') // evicted: oldest of four
    expect(await store.claim('d', { leaseMs: 1_000 })).toBe('done')
    now = 20_000
    expect(await store.claim('d', { leaseMs: 1_000 })).toBe('claimed')
  })
})

describe('routing', () => {
  it('runs keyed listeners (type, type.subtype, arrays), then onAny, in order', async () => {
    const calls: string[] = []
    const handler = make()
      .on('EXPIRED', () => { calls.push('EXPIRED') })
      .on('EXPIRED.VOLUNTARY', (notification) => { calls.push(`VOLUNTARY ${notification.renewalInfo?.autoRenewStatus}`) })
      .on('EXPIRED.BILLING_RETRY', () => { calls.push('never') })
      .on(['DID_RENEW', 'EXPIRED'], () => { calls.push('array') })
      .onAny((notification) => { calls.push(`any ${notification.notificationType}`) })
    const data = {
      signedTransactionInfo: await signer.signTransaction(transactionPayload({ type: 'Auto-Renewable Subscription' })),
      signedRenewalInfo: await signer.signRenewalInfo(renewalInfoPayload({ autoRenewStatus: 0 })),
    }
    const { body } = await signer.signNotification(notificationPayload({ notificationType: 'EXPIRED', subtype: 'VOLUNTARY' }, data))
    expect((await post(handler, body)).status).toBe(200)
    expect(calls).toEqual(['EXPIRED', 'VOLUNTARY 0', 'array', 'any EXPIRED'])
  })

  it('sends an unknown subtype of a known type to onUnrecognized, not to typed listeners', async () => {
    const calls: string[] = []
    const handler = make()
      .on('EXPIRED', () => { calls.push('typed') })
      .onUnrecognized((notification) => { calls.push(`unrecognized ${notification.subtype}`) })
    const { body } = await signer.signNotification(notificationPayload({ notificationType: 'EXPIRED', subtype: 'NEW_REASON_2027' }))
    expect((await post(handler, body)).status).toBe(200)
    expect(calls).toEqual(['unrecognized NEW_REASON_2027'])
  })

  it('gives listeners the context: uuid, environment, receivedAt and waitUntil', async () => {
    const waited: Promise<unknown>[] = []
    let context: { notificationUUID: string; environment: string | undefined; receivedAt: Date } | undefined
    const handler = make().onAny((_notification, ctx) => {
      context = ctx
      ctx.waitUntil(Promise.resolve('background'))
    })
    const payload = notificationPayload()
    const { body } = await signer.signNotification(payload)
    await handler.fetch(new Request('http://localhost/', { method: 'POST', body }), { waitUntil: (work) => waited.push(work) })
    expect(context).toMatchObject({ notificationUUID: payload.notificationUUID, environment: 'Sandbox' })
    expect(context?.receivedAt).toBeInstanceOf(Date)
    expect(waited).toHaveLength(1)
  })

  it('logs identifiers and outcomes, never payloads, and reports failures to onError', async () => {
    const lines: string[] = []
    const errors: Array<[string, string]> = []
    const handler = make({ logger: { info: (event, fields) => lines.push(`${event} ${JSON.stringify(fields)}`), warn: (event, fields) => lines.push(`${event} ${JSON.stringify(fields)}`) } })
      .onError((error, info) => { errors.push([error.code, info.stage]) })
      .onAny(() => { throw new Error('boom') })
    const { body, signedPayload } = await signer.signNotification(notificationPayload())
    expect((await post(handler, body)).status).toBe(500)
    expect((await post(handler, '{"nope":1}')).status).toBe(400)
    expect(errors).toEqual([['ERR_HANDLER_FAILED', 'listener'], ['ERR_BODY_MALFORMED', 'request']])
    expect(lines.join('\n')).not.toContain(signedPayload.slice(0, 40))
    expect(lines[0]).toMatch(/asn.rejected .*"status":500.*"notificationType":"ONE_TIME_CHARGE"/)
  })
})
