// The relay on loopback, forwarding to three local targets: "backend" checks the relay's signature
// header, "analytics" fails once before it accepts, and "production-only" takes Production
// notifications only. Notifications are signed by a throwaway test chain shaped like Apple's; the
// relay trusts its root instead of Apple's, and nothing else changes.
import { once } from 'node:events'
import { createServer } from 'node:http'
import { FORWARD_SIGNATURE_HEADER, verifyForwardSignature } from 'app-store-notifications'
import { createNotificationBuilders, createTestSigner } from 'app-store-notifications/testing'
import { createRelayApp } from './relay.mjs'

const BUNDLE_ID = 'com.example.app'
const SECRET = 'a-long-random-secret-shared-with-the-targets'

/**
 * A loopback HTTP server that records the bytes it receives; `answer` picks each status.
 * @param {(request: import('node:http').IncomingMessage, body: Buffer) => Promise<number> | number} answer
 */
export async function startTarget(answer) {
  /** @type {Buffer[]} */
  const received = []
  const server = createServer((request, response) => {
    const chunks = /** @type {Buffer[]} */ ([])
    request.on('data', (chunk) => chunks.push(chunk))
    request.on('end', async () => {
      const body = Buffer.concat(chunks)
      const status = await answer(request, body)
      if (status < 300) received.push(body)
      response.writeHead(status).end()
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address())
  return { url: `http://127.0.0.1:${port}/asn`, received, close: () => new Promise((resolve) => server.close(resolve)) }
}

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

  let analyticsCalls = 0
  const backend = await startTarget(async (request, body) => {
    const header = request.headers[FORWARD_SIGNATURE_HEADER]
    const valid = await verifyForwardSignature({ body: new Uint8Array(body), header: typeof header === 'string' ? header : null, secret: SECRET }).then(() => true, () => false)
    return valid ? 200 : 401
  })
  const analytics = await startTarget(() => (++analyticsCalls === 1 ? 503 : 200))
  const productionOnly = await startTarget(() => 200)

  const signer = await createTestSigner()
  /** @type {readonly import('app-store-notifications').ForwardResult[]} */
  let lastResults = []
  const { app, handler } = createRelayApp({
    config: {
      bundleId: BUNDLE_ID,
      environments: ['Production', 'Sandbox'],
      appAppleId: 1234567890,
      targets: [
        { id: 'backend', url: backend.url },
        { id: 'analytics', url: analytics.url },
        { id: 'production-only', url: productionOnly.url, environments: ['Production'] },
      ],
    },
    rootCertificates: [signer.rootCertificate], // production: leave out to trust Apple Root CA - G3
    signingSecret: SECRET,
    onForwarded: (results) => {
      lastResults = results
    },
  })
  const server = app.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const url = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}/apple/notifications`
  const post = async (/** @type {string} */ body) =>
    (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status
  const describe = (/** @type {string} */ id) => {
    const result = lastResults.find((candidate) => candidate.target === id)
    if (result === undefined) return 'no result'
    if (result.skipped !== undefined) return `skipped (${result.skipped})`
    return `${result.ok ? 'delivered' : 'failed'}, status ${result.status}, ${result.attempts} attempt(s)`
  }

  try {
    log(`relay: listening on ${url}, forwarding to backend, analytics and production-only\n`)
    const notifications = createNotificationBuilders(signer, { bundleId: BUNDLE_ID, environment: 'Sandbox' })
    const renewal = await notifications.didRenew()

    log('1. Apple delivers a DID_RENEW (Sandbox)')
    check((await post(renewal.body)) === 200, 'answered Apple 200; forwarding runs in the background')
    await handler.drain()
    const sent = Buffer.from(renewal.body)
    check(backend.received.length === 1 && sent.equals(/** @type {Buffer} */ (backend.received[0])), `backend got Apple's exact ${sent.length} bytes, with a valid ${FORWARD_SIGNATURE_HEADER} (${describe('backend')})`)
    check(analytics.received.length === 1 && sent.equals(/** @type {Buffer} */ (analytics.received[0])), `analytics answered 503 once, then got the same bytes (${describe('analytics')})`)
    check(productionOnly.received.length === 0, `production-only got nothing: a Sandbox notification (${describe('production-only')})\n`)

    log('2. Apple delivers the same notification again')
    check((await post(renewal.body)) === 200, 'answered 200')
    await handler.drain()
    check(backend.received.length === 1 && analytics.received.length === 1, 'not forwarded again: every target already has it\n')

    log('3. Someone posts a notification signed by another chain')
    const forged = await createNotificationBuilders(await createTestSigner(), { bundleId: BUNDLE_ID }).didRenew()
    check((await post(forged.body)) === 401, 'refused with 401')
    await handler.drain()
    check(backend.received.length === 1 && analytics.received.length === 1, 'nothing forwarded')
  } finally {
    server.closeAllConnections()
    server.close()
    await Promise.all([backend.close(), analytics.close(), productionOnly.close()])
  }
  log(failures.length === 0 ? '\nEvery step behaved as expected.' : `\n${failures.length} expectation(s) failed.`)
  return failures.length === 0
}
