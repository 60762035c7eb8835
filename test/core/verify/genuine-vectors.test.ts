import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { APPLE_ROOT_CA_G3, createNotificationVerifier } from 'app-store-notifications'
import type { NotificationVerifier } from 'app-store-notifications'
import { manifest, readVector, readVectorBytes } from '../../helpers/shared-vectors.js'
import type { ManifestEntry } from '../../helpers/shared-vectors.js'

const CRYPTO = ['auto', 'webcrypto'] as const
const NESTED_META = new Set(['field', 'verified', 'signedDate', 'leaf', 'kind'])

function verifierFor(entry: ManifestEntry, crypto: (typeof CRYPTO)[number], extra: object = {}): NotificationVerifier {
  const { environment, bundleId, appAppleId } = entry.expected
  return createNotificationVerifier({
    bundleId: bundleId ?? 'renewal.info.has.no.bundle.id',
    environment: environment as 'Production' | 'Sandbox',
    ...(appAppleId === null ? {} : { appAppleId }),
    crypto,
    ...extra,
  })
}

async function verifyEntry(verifier: NotificationVerifier, entry: ManifestEntry): Promise<Record<string, unknown>> {
  const text = readVector(entry.file)
  if (entry.kind === 'transaction') return (await verifier.verifyTransaction(text)) as Record<string, unknown>
  if (entry.kind === 'renewal') return (await verifier.verifyRenewalInfo(text)) as Record<string, unknown>
  return (await verifier.verifyNotification(text)) as unknown as Record<string, unknown>
}

/** Compares one manifest field with the decoded value: null means absent, ISO strings are epoch ms. */
function expectField(actual: unknown, expected: unknown, name: string): void {
  if (expected === null) expect(actual, name).toBeUndefined()
  else if (typeof expected === 'string' && /^\d{4}-\d\d-\d\dT/.test(expected)) expect(actual, name).toBe(Date.parse(expected))
  else expect(actual, name).toEqual(expected)
}

describe('genuine Apple vectors (../shared/vectors)', () => {
  it('bundles Apple Root CA - G3 byte for byte', () => {
    const bundled = Uint8Array.from(atob(APPLE_ROOT_CA_G3), (c) => c.charCodeAt(0))
    expect(bundled).toEqual(readVectorBytes('apple-roots/AppleRootCA-G3.cer'))
    expect(createHash('sha256').update(bundled).digest('hex').toUpperCase()).toBe(
      '63343ABFB89A6A03EBB57E9B3F5FA7BE7C4F5C756F3017B3A8C488C3653E9179',
    )
  })

  it('covers every genuine file of the manifest (27)', () => {
    expect(manifest.genuine).toHaveLength(27)
  })

  for (const crypto of CRYPTO) {
    describe(`crypto: ${crypto}`, () => {
      for (const entry of manifest.genuine) {
        it(`verifies ${entry.file} with the bundled roots and decodes the manifest's values`, async () => {
          const jwsText = readVector(entry.file)
          const jws = entry.kind === 'notification' ? (JSON.parse(jwsText) as { signedPayload: string }).signedPayload : jwsText
          expect(createHash('sha256').update(jws).digest('hex')).toBe((entry as unknown as { jwsSha256: string }).jwsSha256)

          const decoded = await verifyEntry(verifierFor(entry, crypto), entry)
          const e = entry.expected
          expect(decoded.signedDate).toBe(e.signedDateMs)
          if (entry.kind === 'notification') {
            const body = (decoded.data ?? {}) as Record<string, unknown>
            expectField(decoded.notificationType, e.notificationType, 'notificationType')
            expectField(decoded.subtype, e.subtype, 'subtype')
            expectField(decoded.notificationUUID, e.notificationUUID, 'notificationUUID')
            expectField(decoded.version, e.version, 'version')
            expectField(body.environment, e.environment, 'environment')
            expectField(body.bundleId, e.bundleId, 'bundleId')
            expectField(body.appAppleId, e.appAppleId, 'appAppleId')
            expectField(body.bundleVersion, e.bundleVersion, 'bundleVersion')
            expect(body.signedTransactionInfo === undefined).toBe(decoded.transaction === undefined)
            expect(body.signedRenewalInfo === undefined).toBe(decoded.renewalInfo === undefined)
            for (const nested of entry.nested ?? []) {
              const target = (nested.kind === 'transaction' ? decoded.transaction : decoded.renewalInfo) as Record<string, unknown>
              expect(target, nested.field).toBeDefined()
              expect(target.signedDate).toBe(Date.parse(nested.signedDate as string))
              for (const [key, value] of Object.entries(nested)) if (!NESTED_META.has(key)) expectField(target[key], value, `${nested.field}.${key}`)
            }
          } else {
            for (const key of ['transactionId', 'originalTransactionId', 'productId', 'type', 'environment', 'bundleId',
              'transactionReason', 'revocationDate', 'revocationReason', 'autoRenewProductId', 'autoRenewStatus'] as const) {
              if (key in e) expectField(decoded[key], e[key], key)
            }
          }
        })
      }
    })
  }

  it('rejects vectors signed by expired leaves when judged at the current time (onlineChecks semantics)', async () => {
    const expiredLeaf = manifest.genuine.filter((entry) => Date.parse(entry.leafCertificate.validTo) < Date.parse('2026-11-01'))
    expect(expiredLeaf.length).toBeGreaterThanOrEqual(10)
    for (const entry of expiredLeaf) {
      // onlineChecks would also query OCSP; an injected clock past the leaf's expiry shows the date rule alone.
      const verifier = verifierFor(entry, 'auto', { now: () => Date.parse('2026-11-22T00:00:00Z') })
      await expect(verifyEntry(verifier, entry), entry.file).resolves.toBeDefined()
      const online = verifierFor(entry, 'auto', {
        onlineChecks: true,
        now: () => Date.parse('2026-11-22T00:00:00Z'),
        fetch: () => Promise.reject(new Error('no OCSP needed: the date check fails first')),
      })
      await expect(verifyEntry(online, entry), entry.file).rejects.toMatchObject({ code: 'ERR_CERT_EXPIRED' })
    }
  })

  it('rejects a genuine Sandbox notification at a Production-only verifier, and a wrong bundle id', async () => {
    const entry = manifest.genuine.find((candidate) => candidate.file.includes('refund-sandbox-20251016'))!
    const body = readVector(entry.file)
    const production = createNotificationVerifier({ bundleId: entry.expected.bundleId!, environment: 'Production', appAppleId: 1 })
    await expect(production.verifyNotification(body)).rejects.toMatchObject({ code: 'ERR_ENVIRONMENT_MISMATCH' })
    const otherApp = createNotificationVerifier({ bundleId: 'com.example.other', environment: 'Sandbox' })
    await expect(otherApp.verifyNotification(body)).rejects.toMatchObject({ code: 'ERR_BUNDLE_ID_MISMATCH' })
  })

  it('checks appAppleId on the genuine Production TEST notification', async () => {
    const entry = manifest.genuine.find((candidate) => candidate.expected.environment === 'Production')!
    const body = readVector(entry.file)
    const right = createNotificationVerifier({ bundleId: entry.expected.bundleId!, environment: ['Production', 'Sandbox'], appAppleId: entry.expected.appAppleId! })
    await expect(right.verifyNotification(body)).resolves.toMatchObject({ notificationType: 'TEST' })
    const wrong = createNotificationVerifier({ bundleId: entry.expected.bundleId!, environment: 'Production', appAppleId: 42 })
    await expect(wrong.verifyNotification(body)).rejects.toMatchObject({ code: 'ERR_APP_APPLE_ID_MISMATCH' })
  })
})

const NEGATIVE_CODES: Record<string, string> = {
  'negative/apple-lib-testsigned-missing-x5c-header.jws': 'ERR_JWS_X5C_MISSING',
  'negative/apple-lib-testsigned-renewal-info.jws': 'ERR_CHAIN_UNTRUSTED_ROOT',
  'negative/apple-lib-testsigned-test-notification.jws': 'ERR_CHAIN_UNTRUSTED_ROOT',
  'negative/apple-lib-testsigned-transaction.jws': 'ERR_CHAIN_UNTRUSTED_ROOT',
  'negative/apple-lib-testsigned-wrong-bundle-id-notification.jws': 'ERR_CHAIN_UNTRUSTED_ROOT',
  'negative/apple-lib-xcode-signed-app-transaction.jws': 'ERR_JWS_X5C_LENGTH',
  'negative/apple-lib-xcode-signed-renewal-info.jws': 'ERR_JWS_X5C_LENGTH',
  'negative/apple-lib-xcode-signed-transaction.jws': 'ERR_JWS_X5C_LENGTH',
  'negative/huawei-iap-notification-seekcx.jws': 'ERR_CHAIN_UNTRUSTED_ROOT',
  'negative/redacted-renewal-info-production-gh73962.jws': 'ERR_CERT_MALFORMED',
  'negative/redacted-transaction-production-gh73962.jws': 'ERR_CERT_MALFORMED',
}

function verifyByName(verifier: NotificationVerifier, file: string, jws: string): Promise<unknown> {
  if (file.includes('app-transaction')) return verifier.verifyAppTransaction(jws)
  if (file.includes('renewal-info')) return verifier.verifyRenewalInfo(jws)
  if (file.includes('transaction')) return verifier.verifyTransaction(jws)
  return verifier.verifyNotification(jws)
}

describe('negative vectors (../shared/vectors/negative)', () => {
  it('lists a code for every negative file in the manifest', () => {
    expect(manifest.negative.map((entry) => entry.file).sort()).toEqual(Object.keys(NEGATIVE_CODES).sort())
  })

  for (const [file, code] of Object.entries(NEGATIVE_CODES)) {
    it(`rejects ${file} with ${code}`, async () => {
      const verifier = createNotificationVerifier({ bundleId: 'com.example', environment: ['Production', 'Sandbox'], appAppleId: 1234 })
      await expect(verifyByName(verifier, file, readVector(file).trim())).rejects.toMatchObject({ code })
    })
  }

  it("passes the chain steps of Apple's test-signed data when its test root is configured (positive control)", async () => {
    const verifier = createNotificationVerifier({
      bundleId: 'com.example',
      environment: ['Production', 'Sandbox'],
      appAppleId: 1234,
      rootCertificates: [readVectorBytes('negative/apple-lib-testCA.der')],
    })
    const outcome = await verifier.verifyTransaction(readVector('negative/apple-lib-testsigned-transaction.jws').trim()).then(
      () => 'verified',
      (error: { code: string }) => error.code,
    )
    expect(outcome).not.toMatch(/^ERR_(CHAIN|JWS|CERT_MALFORMED)/)
  })
})
