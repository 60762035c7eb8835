// The subscription backend of a news app: Apple tells us when readers subscribe, renew, turn off
// auto-renewal and expire; we keep one row per subscription and answer "may this reader read?".
import Fastify from 'fastify'
import { createAsnHandler } from 'app-store-notifications'
import { fastifyAsnPlugin } from 'app-store-notifications/fastify'
import { snapshotOf } from './subscriptions.mjs'

/** The notifications that change what this app stores. */
export const SUBSCRIPTION_EVENTS = /** @type {const} */ (['SUBSCRIBED', 'DID_RENEW', 'EXPIRED', 'DID_CHANGE_RENEWAL_STATUS'])

/**
 * Creates the Fastify app: `POST /apple/notifications` for Apple, `GET /subscriptions/:id` to look.
 *
 * @param {object} options
 * @param {import('app-store-notifications').NotificationVerifier
 *   | import('app-store-notifications').NotificationVerifierOptions} options.verifier
 * @param {ReturnType<typeof import('./subscriptions.mjs').createMemorySubscriptions>} options.subscriptions
 * @param {(line: string) => void} [options.log] Told what each notification did.
 */
export async function createSubscriptionsApp({ verifier, subscriptions, log = () => undefined }) {
  const handler = createAsnHandler({ verifier })

  handler.on(SUBSCRIPTION_EVENTS, (notification) => {
    const snapshot = snapshotOf(notification)
    if (snapshot === undefined) return
    const outcome = subscriptions.apply(snapshot)
    log(`${snapshot.lastEvent} ${snapshot.originalTransactionId}: ${outcome === 'stale' ? 'older than the stored state, ignored' : `${snapshot.state}, auto-renew ${snapshot.willAutoRenew ? 'on' : 'off'}`}`)
  })

  const app = Fastify()
  // The plugin's body parser is scoped to its route: the app's other routes keep Fastify's JSON parsing.
  await app.register(fastifyAsnPlugin, { handler, path: '/apple/notifications' })
  app.get('/subscriptions/:id', async (request, reply) => {
    const row = subscriptions.get(/** @type {{ id: string }} */ (request.params).id)
    if (row === undefined) return reply.code(404).send({ error: 'unknown subscription' })
    // Apple's status already accounts for renewals, billing retry and grace periods.
    return { ...row, hasAccess: row.state === 'active' || row.state === 'grace_period' }
  })
  app.addHook('onClose', () => handler.drain())
  return app
}
