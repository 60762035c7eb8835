// node examples/express-wallet/main.mjs --local   the demo: everything on loopback, then exit
// node examples/express-wallet/main.mjs           serve Apple's notifications with your configuration:
//
//   APP_STORE_BUNDLE_ID       your app's bundle ID (required)
//   APP_STORE_APP_APPLE_ID    your app's Apple ID (required while Production is accepted)
//   APP_STORE_ENVIRONMENTS    accepted environments, default "Production,Sandbox"
//   APP_STORE_ISSUER_ID, APP_STORE_KEY_ID, APP_STORE_PRIVATE_KEY_PATH
//                             your In-App Purchase key; optional: without it, refund requests go unanswered
//   PORT (default 3000), HOST (default 127.0.0.1)
import { readFileSync } from 'node:fs'
import { AppStoreNotificationError, createAppStoreServerApi } from 'app-store-notifications'
import { createWalletApp } from './app.mjs'
import { runDemo } from './demo.mjs'
import { createMemoryWallet } from './wallet.mjs'

if (process.argv.includes('--local')) {
  process.exitCode = (await runDemo()) ? 0 : 1
} else {
  try {
    serve(process.env)
  } catch (error) {
    // Configuration mistakes (a missing app Apple ID, an unreadable key) come with a code and the fix.
    console.error(error instanceof AppStoreNotificationError ? `${error.code}: ${error.message}` : error)
    process.exit(2)
  }
}

/** @param {NodeJS.ProcessEnv} env */
function serve(env) {
  const bundleId = env.APP_STORE_BUNDLE_ID
  if (!bundleId) {
    console.error('Set APP_STORE_BUNDLE_ID (and APP_STORE_APP_APPLE_ID), or run with --local for the demo.')
    process.exit(2)
  }
  const environment = (env.APP_STORE_ENVIRONMENTS || 'Production,Sandbox').split(',').map((name) => name.trim())
  const appAppleId = env.APP_STORE_APP_APPLE_ID ? { appAppleId: Number(env.APP_STORE_APP_APPLE_ID) } : {}
  const verifier = { bundleId, environment, ...appAppleId } // trusts Apple Root CA - G3, bundled

  /** @type {import('app-store-notifications').ConsumptionApi | undefined} */
  let api
  if (env.APP_STORE_ISSUER_ID && env.APP_STORE_KEY_ID && env.APP_STORE_PRIVATE_KEY_PATH) {
    const key = { issuerId: env.APP_STORE_ISSUER_ID, keyId: env.APP_STORE_KEY_ID, privateKey: readFileSync(env.APP_STORE_PRIVATE_KEY_PATH, 'utf8'), bundleId }
    // One In-App Purchase key works on both hosts; each host only knows its own environment's transactions.
    api = { Production: createAppStoreServerApi({ ...key, environment: 'Production' }), Sandbox: createAppStoreServerApi({ ...key, environment: 'Sandbox' }) }
  }

  const { app, handler } = createWalletApp({
    verifier,
    wallet: createMemoryWallet(),
    ...(api === undefined ? {} : { api }),
    onError: (error, { stage, notificationUUID }) => console.warn(`[${stage}] ${error.code}${notificationUUID ? ` ${notificationUUID}` : ''}: ${error.message}`),
  })
  const host = env.HOST || '127.0.0.1'
  const server = app.listen(Number(env.PORT || 3000), host, () => {
    const { port } = /** @type {import('node:net').AddressInfo} */ (server.address())
    console.log(`wallet: listening on http://${host}:${port}/apple/notifications (${environment.join(' and ')}, ${bundleId})`)
    if (api === undefined) console.log('wallet: no In-App Purchase key configured, refund requests will not be answered')
  })
  const stop = () => server.close(() => void handler.drain().then(() => process.exit(0)))
  process.once('SIGINT', stop).once('SIGTERM', stop)
}
