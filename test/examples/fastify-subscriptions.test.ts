// examples/fastify-subscriptions on real Fastify on loopback; then its main.mjs, as users run it.
import type { FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import type { NotificationVerifierOptions } from 'app-store-notifications'
import { createNotificationBuilders, createTestSigner } from 'app-store-notifications/testing'
import { loadExample, runNode, startServing } from './example-process.js'

interface Row { state: string; willAutoRenew: boolean; lastEvent: string; hasAccess: boolean; appAccountToken?: string }
interface Store { get(id: string): Row | undefined }
interface SubscriptionsModule { createMemorySubscriptions(): Store }
interface AppModule {
  createSubscriptionsApp(options: { verifier: NotificationVerifierOptions; subscriptions: Store; log?: (line: string) => void }): Promise<FastifyInstance>
}

const BUNDLE_ID = 'com.example.news'
const DAY = 86_400_000
const apps: FastifyInstance[] = []
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close()
})

async function setUp() {
  const { createSubscriptionsApp } = await loadExample<AppModule>('fastify-subscriptions/app.mjs')
  const { createMemorySubscriptions } = await loadExample<SubscriptionsModule>('fastify-subscriptions/subscriptions.mjs')
  const signer = await createTestSigner()
  const subscriptions = createMemorySubscriptions()
  const log: string[] = []
  const app = await createSubscriptionsApp({
    verifier: { bundleId: BUNDLE_ID, environment: 'Sandbox', rootCertificates: [signer.rootCertificate] },
    subscriptions,
    log: (line) => log.push(line),
  })
  apps.push(app)
  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  const post = async (notification: { body: string }) =>
    (await fetch(`${base}/apple/notifications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: notification.body })).status
  return { base, post, subscriptions, log, news: createNotificationBuilders(signer, { bundleId: BUNDLE_ID }) }
}

describe('examples/fastify-subscriptions', () => {
  it('keeps the newest state by signedDate, whatever the arrival order', async () => {
    const { post, subscriptions, log, news } = await setUp()
    const reader = { appAccountToken: '0b8f4f8e-3f6a-4a53-9d0e-5c4b7d2e9a10' }
    const now = Date.now()
    const subscribed = await news.subscribed('INITIAL_BUY', { signedDate: now - 65 * DAY, transaction: reader })
    const renewed = await news.didRenew({ signedDate: now - 35 * DAY, transaction: reader })
    const cancelled = await news.didChangeRenewalStatus('AUTO_RENEW_DISABLED', { signedDate: now - 10 * DAY, transaction: reader })
    const expired = await news.expired('VOLUNTARY', { signedDate: now - 4 * DAY, transaction: reader })
    const id = subscribed.transaction!.originalTransactionId!

    expect(await post(subscribed)).toBe(200)
    expect(subscriptions.get(id)).toMatchObject({ state: 'active', willAutoRenew: true, appAccountToken: reader.appAccountToken })
    expect(await post(cancelled)).toBe(200)
    expect(subscriptions.get(id)).toMatchObject({ state: 'active', willAutoRenew: false, lastEvent: 'DID_CHANGE_RENEWAL_STATUS.AUTO_RENEW_DISABLED' })
    expect(await post(expired)).toBe(200)
    expect(await post(renewed)).toBe(200) // late: older than what is stored
    expect(subscriptions.get(id)).toMatchObject({ state: 'expired', lastEvent: 'EXPIRED.VOLUNTARY' })
    expect(log.at(-1)).toBe(`DID_RENEW ${id}: older than the stored state, ignored`)
  })

  it('serves a subscription with hasAccess on GET /subscriptions/:id', async () => {
    const { base, post, news } = await setUp()
    const subscribed = await news.subscribed('INITIAL_BUY')
    expect(await post(subscribed)).toBe(200)
    const response = await fetch(`${base}/subscriptions/${subscribed.transaction!.originalTransactionId}`)
    expect(await response.json()).toMatchObject({ state: 'active', hasAccess: true, productId: subscribed.transaction!.productId })
    expect((await fetch(`${base}/subscriptions/unknown`)).status).toBe(404)
  })

  it('refuses a notification signed by another chain and stores nothing', async () => {
    const { post, subscriptions } = await setUp()
    const forged = await createNotificationBuilders(await createTestSigner(), { bundleId: BUNDLE_ID }).subscribed('INITIAL_BUY')
    expect(await post(forged)).toBe(401)
    expect(subscriptions.get(forged.transaction!.originalTransactionId!)).toBeUndefined()
  })

  it('node examples/fastify-subscriptions/main.mjs --local runs the scenario and exits 0', async () => {
    const { code, stdout } = await runNode(['examples/fastify-subscriptions/main.mjs', '--local'])
    expect(code).toBe(0)
    expect(stdout).toContain('DID_RENEW 2000000100000001: older than the stored state, ignored')
    expect(stdout).not.toContain('✗')
    expect(stdout).toContain('Every step behaved as expected.')
  })

  it('node examples/fastify-subscriptions/main.mjs serves with Apple\'s root', async () => {
    const serving = await startServing(['examples/fastify-subscriptions/main.mjs'], { APP_STORE_BUNDLE_ID: BUNDLE_ID, APP_STORE_ENVIRONMENTS: 'Sandbox', PORT: '0' })
    try {
      const signed = await createNotificationBuilders(await createTestSigner(), { bundleId: BUNDLE_ID }).didRenew()
      const response = await fetch(serving.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: signed.body })
      expect(response.status).toBe(401)
      expect((await fetch(serving.url)).status).toBe(405)
    } finally {
      expect(await serving.stop()).toBe(0)
    }
  })
})
