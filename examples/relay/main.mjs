// node examples/relay/main.mjs --local                              the scenario on loopback, then exit
// RELAY_CONFIG=relay.config.json node examples/relay/main.mjs       relay Apple's notifications:
//
//   RELAY_CONFIG            path of the JSON configuration (see relay.config.example.json; required)
//   RELAY_SIGNING_SECRET    optional: sign forwarded requests (x-asn-signature) with this secret
//   PORT (default 3000), HOST (default 127.0.0.1)
import { readFileSync } from 'node:fs'
import { AppStoreNotificationError } from 'app-store-notifications'
import { runDemo } from './demo.mjs'
import { createRelayApp, parseRelayConfig } from './relay.mjs'

if (process.argv.includes('--local')) {
  process.exitCode = (await runDemo()) ? 0 : 1
} else {
  try {
    serve(process.env)
  } catch (error) {
    console.error(error instanceof AppStoreNotificationError ? `${error.code}: ${error.message}` : String(error))
    process.exit(2)
  }
}

/** @param {NodeJS.ProcessEnv} env */
function serve(env) {
  if (!env.RELAY_CONFIG) {
    console.error('Set RELAY_CONFIG to the path of your configuration (see examples/relay/relay.config.example.json), or run with --local.')
    process.exit(2)
  }
  const config = parseRelayConfig(readFileSync(env.RELAY_CONFIG, 'utf8'))
  const { app, handler } = createRelayApp({
    config,
    ...(env.RELAY_SIGNING_SECRET ? { signingSecret: env.RELAY_SIGNING_SECRET } : {}),
    onForwarded: (results, notification) => {
      for (const result of results) {
        if (!result.ok) console.warn(`relay: ${notification.notificationUUID} → ${result.target} failed after ${result.attempts} attempt(s): ${result.error}`)
      }
    },
  })
  const host = env.HOST || '127.0.0.1'
  const server = app.listen(Number(env.PORT || 3000), host, () => {
    const { port } = /** @type {import('node:net').AddressInfo} */ (server.address())
    const targets = config.targets.map((target) => (typeof target === 'string' ? target : (target.id ?? target.url)))
    console.log(`relay: listening on http://${host}:${port}${config.path ?? '/apple/notifications'} → ${targets.join(', ')}`)
  })
  // Let forwarding in progress finish before exiting.
  const stop = () => server.close(() => void handler.drain().then(() => process.exit(0)))
  process.once('SIGINT', stop).once('SIGTERM', stop)
}
