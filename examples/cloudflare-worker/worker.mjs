// A Cloudflare Worker for App Store Server Notifications: verification runs on Web Crypto, each
// subscription's state goes to Workers KV, and forwarding continues after the answer to Apple
// through ctx.waitUntil.
import { createAsnHandler } from 'app-store-notifications'

/**
 * The Worker's bindings (wrangler.toml `[vars]` and `[[kv_namespaces]]`).
 *
 * @typedef {object} Env
 * @property {string} APP_STORE_BUNDLE_ID Your app's bundle ID.
 * @property {string} [APP_STORE_APP_APPLE_ID] Your app's Apple ID; required while Production is accepted.
 * @property {string} [APP_STORE_ENVIRONMENTS] Default "Production,Sandbox".
 * @property {string} [FORWARD_TO] Comma-separated URLs that also receive every verified notification.
 * @property {{ get(key: string): Promise<string | null>, put(key: string, value: string): Promise<void> }} ENTITLEMENTS A KV namespace.
 */

/** @typedef {{ waitUntil(work: Promise<unknown>): void }} ExecutionContext */

/**
 * Creates the Worker. The default export below is what Cloudflare runs; tests pass a test root.
 *
 * @param {{ rootCertificates?: import('app-store-notifications').RootCertificateInput[] }} [options]
 */
export function createWorker(options = {}) {
  /** @type {import('app-store-notifications').AsnHandler | undefined} */
  let handler // one per isolate, so the verified-chain cache stays warm between requests
  return {
    /** @param {Request} request @param {Env} env @param {ExecutionContext} ctx */
    async fetch(request, env, ctx) {
      if (new URL(request.url).pathname !== '/apple/notifications') return new Response('not found', { status: 404 })
      handler ??= createHandler(env, options.rootCertificates)
      return handler.fetch(request, { waitUntil: (work) => ctx.waitUntil(work) })
    },
  }
}

export default createWorker()

/**
 * @param {Env} env
 * @param {import('app-store-notifications').RootCertificateInput[] | undefined} rootCertificates
 */
function createHandler(env, rootCertificates) {
  const forward = (env.FORWARD_TO ?? '').split(',').map((url) => url.trim()).filter((url) => url !== '')
  const handler = createAsnHandler({
    verifier: {
      bundleId: env.APP_STORE_BUNDLE_ID,
      environment: /** @type {Array<'Production' | 'Sandbox'>} */ ((env.APP_STORE_ENVIRONMENTS ?? 'Production,Sandbox').split(',').map((name) => name.trim())),
      ...(env.APP_STORE_APP_APPLE_ID === undefined ? {} : { appAppleId: Number(env.APP_STORE_APP_APPLE_ID) }),
      ...(rootCertificates === undefined ? {} : { rootCertificates }),
    },
    ...(forward.length === 0 ? {} : { forward }),
  })

  // Every subscription notification is a snapshot at its signedDate: keep the newest per subscription.
  handler.on(['SUBSCRIBED', 'DID_RENEW', 'DID_CHANGE_RENEWAL_STATUS', 'EXPIRED', 'GRACE_PERIOD_EXPIRED', 'REVOKE'], async (notification) => {
    const { transaction, renewalInfo, data, signedDate = 0 } = notification
    if (transaction?.originalTransactionId === undefined) return
    const key = `subscription:${transaction.originalTransactionId}`
    const stored = await env.ENTITLEMENTS.get(key)
    if (stored !== null && JSON.parse(stored).signedDate > signedDate) return // an older notification, delivered late
    await env.ENTITLEMENTS.put(key, JSON.stringify({
      appAccountToken: transaction.appAccountToken,
      productId: transaction.productId,
      hasAccess: data?.status === 1 || data?.status === 4, // active, or in the billing grace period
      willAutoRenew: renewalInfo?.autoRenewStatus === 1,
      expiresDate: transaction.expiresDate,
      signedDate,
    }))
  })
  return handler
}
