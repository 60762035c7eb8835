// node examples/fastify-subscriptions/main.mjs --local   the scenario on loopback, then exit
// node examples/fastify-subscriptions/main.mjs           serve Apple's notifications with your configuration:
//
//   APP_STORE_BUNDLE_ID       your app's bundle ID (required)
//   APP_STORE_APP_APPLE_ID    your app's Apple ID (required while Production is accepted)
//   APP_STORE_ENVIRONMENTS    accepted environments, default "Production,Sandbox"
//   PORT (default 3000), HOST (default 127.0.0.1)
import { AppStoreNotificationError } from 'app-store-notifications'
import { createSubscriptionsApp } from './app.mjs'
import { runDemo } from './demo.mjs'
import { createMemorySubscriptions } from './subscriptions.mjs'

if (process.argv.includes('--local')) {
  process.exitCode = (await runDemo()) ? 0 : 1
} else {
  await serve(process.env).catch((error) => {
    console.error(error instanceof AppStoreNotificationError ? `${error.code}: ${error.message}` : error)
    process.exit(2)
  })
}

/** @param {NodeJS.ProcessEnv} env */
async function serve(env) {
  const bundleId = env.APP_STORE_BUNDLE_ID
  if (!bundleId) {
    console.error('Set APP_STORE_BUNDLE_ID (and APP_STORE_APP_APPLE_ID), or run with --local for the scenario.')
    process.exit(2)
  }
  const environment = (env.APP_STORE_ENVIRONMENTS || 'Production,Sandbox').split(',').map((name) => name.trim())
  const appAppleId = env.APP_STORE_APP_APPLE_ID ? { appAppleId: Number(env.APP_STORE_APP_APPLE_ID) } : {}
  const app = await createSubscriptionsApp({
    verifier: { bundleId, environment, ...appAppleId }, // trusts Apple Root CA - G3, bundled
    subscriptions: createMemorySubscriptions(),
    log: (line) => console.log(`subscriptions: ${line}`),
  })
  const url = await app.listen({ port: Number(env.PORT || 3000), host: env.HOST || '127.0.0.1' })
  console.log(`subscriptions: listening on ${url}/apple/notifications (${environment.join(' and ')}, ${bundleId})`)
  const stop = () => void app.close().then(() => process.exit(0))
  process.once('SIGINT', stop).once('SIGTERM', stop)
}
