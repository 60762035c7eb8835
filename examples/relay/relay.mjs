// A relay: one URL for App Store Connect, many consumers behind it. It verifies each notification
// (so forged requests never reach them) and forwards Apple's exact bytes to every target, which can
// verify Apple's signature again. It runs no business logic of its own.
import express from 'express'
import { createAsnHandler, createForwarder } from 'app-store-notifications'
import { createExpressMiddleware } from 'app-store-notifications/express'

/**
 * @typedef {object} RelayConfig
 * @property {string} bundleId
 * @property {Array<'Production' | 'Sandbox'>} environments
 * @property {number} [appAppleId] Required while Production is accepted.
 * @property {Array<string | import('app-store-notifications').ForwardTarget>} targets
 * @property {string} [path] Default `/apple/notifications`.
 */

/**
 * Reads and checks a relay configuration (see relay.config.example.json).
 *
 * @param {string} text The JSON text.
 * @returns {RelayConfig}
 */
export function parseRelayConfig(text) {
  const config = JSON.parse(text)
  if (typeof config?.bundleId !== 'string') throw new Error('relay config: "bundleId" must be your app\'s bundle ID')
  if (!Array.isArray(config.environments) || config.environments.length === 0) {
    throw new Error('relay config: "environments" must list "Production", "Sandbox" or both')
  }
  if (!Array.isArray(config.targets) || config.targets.length === 0) throw new Error('relay config: "targets" must list at least one URL')
  return config
}

/**
 * Creates the relay's Express app.
 *
 * @param {object} options
 * @param {RelayConfig} options.config
 * @param {import('app-store-notifications').RootCertificateInput[]} [options.rootCertificates] Default: Apple Root CA - G3. Tests pass a test root.
 * @param {string} [options.signingSecret] Adds the `x-asn-signature` header, so targets know the request came from this relay.
 * @param {(results: readonly import('app-store-notifications').ForwardResult[], notification: import('app-store-notifications').VerifiedNotification) => unknown} [options.onForwarded]
 */
export function createRelayApp({ config, rootCertificates, signingSecret, onForwarded }) {
  const handler = createAsnHandler({
    verifier: {
      bundleId: config.bundleId,
      environment: config.environments,
      ...(config.appAppleId === undefined ? {} : { appAppleId: config.appAppleId }),
      ...(rootCertificates === undefined ? {} : { rootCertificates }),
    },
    forward: createForwarder({ targets: config.targets, ...(signingSecret === undefined ? {} : { signingSecret }) }),
    ...(onForwarded === undefined ? {} : { onForwarded }),
  })
  const app = express()
  // No body parser on this route: the adapter reads the raw stream, so the targets get Apple's exact bytes.
  app.post(config.path ?? '/apple/notifications', createExpressMiddleware(handler))
  return { app, handler }
}
