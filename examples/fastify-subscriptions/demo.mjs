// The subscriptions example on loopback: a reader subscribes, renews, turns auto-renewal off and
// expires; then a delayed retry of the old DID_RENEW arrives last and is ignored, because state is
// ordered by signedDate, never by arrival. Notifications are signed by a throwaway test chain
// shaped like Apple's; the verifier trusts its root instead of Apple's, and nothing else changes.
import { createNotificationBuilders, createTestSigner } from 'app-store-notifications/testing'
import { createSubscriptionsApp } from './app.mjs'
import { createMemorySubscriptions } from './subscriptions.mjs'

const BUNDLE_ID = 'com.example.news'
const DAY = 86_400_000

/**
 * Runs the scenario and prints each step. Resolves `true` when every expectation held.
 *
 * @param {{ log?: (line: string) => void }} [options]
 */
export async function runDemo({ log = console.log } = {}) {
  /** @type {string[]} */
  const failures = []
  const check = (/** @type {boolean} */ ok, /** @type {string} */ message) => {
    log(`   ${ok ? '✓' : '✗'} ${message}`)
    if (!ok) failures.push(message)
  }
  const signer = await createTestSigner()
  const subscriptions = createMemorySubscriptions()
  const app = await createSubscriptionsApp({
    verifier: { bundleId: BUNDLE_ID, environment: 'Sandbox', rootCertificates: [signer.rootCertificate] },
    subscriptions,
    log: (line) => log(`   → ${line}`),
  })
  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  const post = async (/** @type {{ body: string }} */ notification) =>
    (await fetch(`${base}/apple/notifications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: notification.body })).status
  const row = async (/** @type {string} */ id) => /** @type {Record<string, unknown>} */ (await (await fetch(`${base}/subscriptions/${id}`)).json())

  try {
    log(`fastify-subscriptions: listening on ${base}/apple/notifications (trusting a throwaway test root)\n`)
    const reader = { appAccountToken: '0b8f4f8e-3f6a-4a53-9d0e-5c4b7d2e9a10' }
    const news = createNotificationBuilders(signer, { bundleId: BUNDLE_ID })
    const now = Date.now()
    const subscribed = await news.subscribed('INITIAL_BUY', { signedDate: now - 65 * DAY, transaction: reader })
    const renewed = await news.didRenew({ signedDate: now - 35 * DAY, transaction: reader })
    const cancelled = await news.didChangeRenewalStatus('AUTO_RENEW_DISABLED', { signedDate: now - 10 * DAY, transaction: reader })
    const expired = await news.expired('VOLUNTARY', { signedDate: now - 4 * DAY, transaction: reader })
    const id = /** @type {string} */ (subscribed.transaction?.originalTransactionId)

    log('1. SUBSCRIBED.INITIAL_BUY (signed 65 days ago)')
    check((await post(subscribed)) === 200 && (await row(id)).state === 'active', 'active')
    log('2. DID_CHANGE_RENEWAL_STATUS.AUTO_RENEW_DISABLED (signed 10 days ago): the reader cancelled')
    const cancelledStatus = await post(cancelled)
    const afterCancel = await row(id)
    check(cancelledStatus === 200 && afterCancel.state === 'active' && afterCancel.willAutoRenew === false, 'still active until it expires, will not renew')
    log('3. EXPIRED.VOLUNTARY (signed 4 days ago)')
    check((await post(expired)) === 200 && (await row(id)).state === 'expired', 'expired: no access')
    log('4. DID_RENEW (signed 35 days ago) arrives last: Apple retried it after a failed delivery')
    check((await post(renewed)) === 200, 'answered 200, so Apple stops retrying')
    const final = await row(id)
    check(final.state === 'expired' && final.hasAccess === false && final.lastEvent === 'EXPIRED.VOLUNTARY', `still expired (${final.lastEvent}, hasAccess ${final.hasAccess})`)
  } finally {
    await app.close()
  }
  log(failures.length === 0 ? '\nEvery step behaved as expected.' : `\n${failures.length} expectation(s) failed.`)
  return failures.length === 0
}
