// The cross-runtime suite: the same checks of the BUILT package (dist/, reached through the
// package's own exports map) on Node, Bun, Deno, workerd and the Edge runtime VM. Web APIs only:
// the host passes the genuine vectors in, and collects what the loopback target received.
import { createAsnHandler, createForwarder, createNotificationVerifier } from 'app-store-notifications'
import { createNextRouteHandler } from 'app-store-notifications/next'
import { createTestSigner, tamperJws } from 'app-store-notifications/testing'

const BUNDLE_ID = 'com.example.wallet'
const TRANSACTION_FIELDS = ['transactionId', 'originalTransactionId', 'productId', 'type', 'autoRenewProductId', 'autoRenewStatus']

/** Which runtime this is, by the globals each one defines. */
export function detectRuntime() {
  const g = globalThis
  if (typeof g.EdgeRuntime === 'string') return 'edge-runtime'
  if (g.navigator?.userAgent === 'Cloudflare-Workers') return 'workerd'
  if (g.Deno !== undefined) return `deno ${g.Deno.version.deno}`
  if (g.Bun !== undefined) return `bun ${g.Bun.version}`
  if (g.process?.versions?.node !== undefined) return `node ${g.process.version}`
  return 'unknown'
}

/**
 * Runs every check and resolves with `{ runtime, checks, forwarded }`; a failing check is recorded,
 * never thrown, so the host sees all of them.
 * `job`: `{ vectors: [{ file, kind, expected, text }], forwardUrl: string | null, forwardSecret: string }`.
 */
export async function runSuite(job) {
  const runtime = detectRuntime()
  const checks = []
  const forwarded = []
  const check = async (name, body) => {
    try {
      const detail = await body()
      checks.push({ name, ok: true, ...(detail === undefined ? {} : { detail: String(detail) }) })
    } catch (error) {
      checks.push({ name, ok: false, detail: error instanceof Error ? `${error.code ?? error.name}: ${error.message}` : String(error) })
    }
  }

  await check('crypto backend: Web Crypto off Node, node:crypto on Node', () => checkBackend(job.vectors, runtime))
  await check(`genuine Apple vectors (${job.vectors.length}) verify with the bundled Apple Root CA - G3`, () => verifyVectors(job.vectors))
  await check('a genuine vector with an altered payload is rejected (ERR_JWS_SIGNATURE_INVALID)', () => rejectTampered(job.vectors))

  const signer = await createTestSigner()
  const verifier = { bundleId: BUNDLE_ID, environment: 'Sandbox', rootCertificates: [signer.rootCertificate] }
  await check('handler.fetch: signed notification → 200 processed, listener ran; resent → 200 duplicate', async () => {
    const handler = createAsnHandler({ verifier })
    const seen = []
    handler.on('REFUND', (notification) => void seen.push(notification.transaction.productId))
    const { body } = await signer.signNotification(await refundPayload(signer))
    const first = await post(handler.fetch, body)
    const again = await post(handler.fetch, body)
    expectEqual(first.status, 200, 'status')
    expectEqual(first.json.outcome, 'processed', 'outcome')
    expectEqual(seen.join(), 'gold_pack_500', 'listener calls')
    expectEqual(again.status, 200, 'status of the resend')
    expectEqual(again.json.outcome, 'duplicate', 'outcome of the resend')
  })
  await check('handler.fetch: tampered notification → 401 ERR_JWS_SIGNATURE_INVALID; GET → 405', async () => {
    const handler = createAsnHandler({ verifier })
    const { signedPayload } = await signer.signNotification(await refundPayload(signer))
    const forged = await post(handler.fetch, JSON.stringify({ signedPayload: tamperJws(signedPayload, 'payload') }))
    expectEqual(forged.status, 401, 'status')
    expectEqual(forged.json.error, 'ERR_JWS_SIGNATURE_INVALID', 'error')
    expectEqual((await handler.fetch(new Request('http://localhost/asn'))).status, 405, 'GET status')
  })
  await check('Next.js App Router: createNextRouteHandler(handler).POST → 200', async () => {
    const { POST } = createNextRouteHandler(createAsnHandler({ verifier }))
    const { body } = await signer.signNotification(await refundPayload(signer))
    const answer = await post(POST, body)
    expectEqual(answer.status, 200, 'status')
    expectEqual(answer.json.outcome, 'processed', 'outcome')
  })

  if (job.forwardUrl === null) {
    checks.push({ name: 'forwarder to a loopback target', ok: true, skipped: true, detail: job.forwardSkipReason ?? 'no loopback target' })
  } else {
    await check('createForwarder → loopback target: 200 on the first attempt, signed', async () => {
      const forwarder = createForwarder({ targets: [`${job.forwardUrl}/direct`], signingSecret: job.forwardSecret, timeoutMs: 5_000, maxAttempts: 1 })
      const payload = await refundPayload(signer)
      const { body } = await signer.signNotification(payload)
      const uuid = payload.notificationUUID
      const [result] = await forwarder.forward({ body, notification: { notificationUUID: uuid, environment: 'Sandbox' } })
      if (!result.ok) throw new Error(`forward failed: ${result.error}`)
      expectEqual(result.status, 200, 'status')
      expectEqual(result.attempts, 1, 'attempts')
      forwarded.push({ path: '/direct', body, uuid })
    })
    await check('handler with forward: verified notification forwarded byte for byte (after drain)', async () => {
      const results = []
      const handler = createAsnHandler({
        verifier,
        forward: createForwarder({ targets: [`${job.forwardUrl}/handler`], timeoutMs: 5_000, maxAttempts: 1 }),
        onForwarded: (list) => void results.push(...list),
      })
      const payload = await refundPayload(signer)
      const { body } = await signer.signNotification(payload)
      expectEqual((await post(handler.fetch, body)).status, 200, 'status')
      await handler.drain()
      expectEqual(results.length, 1, 'forward results')
      if (!results[0].ok) throw new Error(`forward failed: ${results[0].error}`)
      forwarded.push({ path: '/handler', body, uuid: payload.notificationUUID })
    })
  }
  return { runtime, checks, forwarded }
}

/**
 * The verifier's default (`crypto: 'auto'`) must pick Web Crypto everywhere but Node. Observed by
 * counting calls to `crypto.subtle.verify` while one vector verifies: none on Node's fast path.
 */
async function checkBackend(vectors, runtime) {
  const subtle = globalThis.crypto.subtle
  const original = subtle.verify
  let calls = 0
  const spy = function (...args) {
    calls += 1
    return original.apply(subtle, args)
  }
  try {
    Object.defineProperty(subtle, 'verify', { value: spy, configurable: true, writable: true })
  } catch (error) {
    throw new Error(`cannot observe crypto.subtle.verify here: ${error.message}`)
  }
  try {
    await verifyOne(vectors.find((vector) => vector.kind === 'transaction'))
  } finally {
    delete subtle.verify
    if (subtle.verify !== original) Object.defineProperty(subtle, 'verify', { value: original, configurable: true, writable: true })
  }
  const onNode = runtime.startsWith('node ')
  if (onNode ? calls !== 0 : calls === 0) throw new Error(`crypto.subtle.verify called ${calls} times on ${runtime}`)
  return onNode ? 'node:crypto (0 subtle.verify calls)' : `webcrypto (${calls} subtle.verify calls)`
}

async function verifyVectors(vectors) {
  if (vectors.length === 0) throw new Error('no vectors were passed in')
  const failures = []
  for (const vector of vectors) {
    try {
      await verifyOne(vector)
    } catch (error) {
      failures.push(`${vector.file}: ${error.code ?? ''} ${error.message}`)
    }
  }
  if (failures.length > 0) {
    const shown = failures.slice(0, 3).concat(failures.length > 3 ? [`… and ${failures.length - 3} more`] : [])
    throw new Error(`${failures.length} of ${vectors.length} failed:\n  ${shown.join('\n  ')}`)
  }
  return `${vectors.length} verified`
}

/** Verifies one manifest entry with the bundled roots and compares the decoded values with the manifest. */
async function verifyOne(vector) {
  const e = vector.expected
  const verifier = createNotificationVerifier({
    bundleId: e.bundleId ?? 'renewal.info.has.no.bundle.id',
    environment: e.environment,
    ...(e.appAppleId === null ? {} : { appAppleId: e.appAppleId }),
  })
  if (vector.kind === 'notification') {
    const decoded = await verifier.verifyNotification(vector.text)
    expectEqual(decoded.notificationType, e.notificationType, 'notificationType')
    expectEqual(decoded.subtype ?? null, e.subtype, 'subtype')
    expectEqual(decoded.notificationUUID, e.notificationUUID, 'notificationUUID')
    expectEqual(decoded.signedDate, e.signedDateMs, 'signedDate')
    expectEqual(decoded.data?.bundleId ?? null, e.bundleId, 'bundleId')
    return
  }
  const decoded = vector.kind === 'transaction' ? await verifier.verifyTransaction(vector.text.trim()) : await verifier.verifyRenewalInfo(vector.text.trim())
  expectEqual(decoded.signedDate, e.signedDateMs, 'signedDate')
  for (const field of TRANSACTION_FIELDS) if (field in e) expectEqual(decoded[field], e[field], field)
}

async function rejectTampered(vectors) {
  const vector = vectors.find((candidate) => candidate.kind === 'transaction')
  const verifier = createNotificationVerifier({ bundleId: vector.expected.bundleId, environment: vector.expected.environment })
  const outcome = await verifier.verifyTransaction(tamperJws(vector.text.trim(), 'payload')).then(
    () => 'accepted',
    (error) => error.code,
  )
  expectEqual(outcome, 'ERR_JWS_SIGNATURE_INVALID', 'outcome')
}

async function refundPayload(signer) {
  const now = Date.now()
  const signedTransactionInfo = await signer.signTransaction({
    transactionId: '2000000123456789', originalTransactionId: '2000000123456789', bundleId: BUNDLE_ID, productId: 'gold_pack_500',
    type: 'Consumable', quantity: 1, purchaseDate: now - 3_600_000, signedDate: now, environment: 'Sandbox',
    inAppOwnershipType: 'PURCHASED', transactionReason: 'PURCHASE', revocationDate: now, revocationReason: 0,
  })
  return {
    notificationType: 'REFUND', notificationUUID: crypto.randomUUID(), version: '2.0', signedDate: now,
    data: { bundleId: BUNDLE_ID, environment: 'Sandbox', signedTransactionInfo },
  }
}

async function post(fetchLike, body) {
  const response = await fetchLike(new Request('http://localhost/apple/notifications', {
    method: 'POST', body, headers: { 'content-type': 'application/json' },
  }))
  return { status: response.status, json: await response.json() }
}

function expectEqual(actual, expected, what) {
  if (actual !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
}
