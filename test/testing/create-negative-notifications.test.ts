import { Environment, SignedDataVerifier } from '@apple/app-store-server-library'
import { beforeAll, describe, expect, it } from 'vitest'
import { createNotificationVerifier } from 'app-store-notifications'
import { createNotificationBuilders } from '../../src/testing/create-notification-builders.js'
import {
  createNegativeNotifications,
  createVariantChains,
  NEGATIVE_CASES,
  type NegativeNotification,
} from '../../src/testing/create-negative-notifications.js'
import { createTestSigner, type TestSigner } from '../../src/testing/create-test-signer.js'

const BUNDLE_ID = 'com.example.app'
const APP_APPLE_ID = 1234567890

let signer: TestSigner
let negatives: NegativeNotification[]
beforeAll(async () => {
  signer = await createTestSigner()
  negatives = await createNegativeNotifications(signer, { bundleId: BUNDLE_ID, appAppleId: APP_APPLE_ID })
})

const ourVerifier = (negative: NegativeNotification) =>
  createNotificationVerifier({ ...negative.verifyWith, rootCertificates: [signer.rootCertificate] })

describe('createNegativeNotifications', () => {
  it('produces every case once, in NEGATIVE_CASES order', () => {
    expect(negatives.map((negative) => negative.name)).toEqual([...NEGATIVE_CASES])
    expect(new Set(negatives.map((negative) => negative.signedPayload)).size).toBe(NEGATIVE_CASES.length)
  })

  it.each(NEGATIVE_CASES)('%s is rejected by the real verifier with its expected code', async (name) => {
    const negative = negatives.find((entry) => entry.name === name)!
    await expect(ourVerifier(negative).verifyNotification(negative.body)).rejects.toMatchObject({ code: negative.expected })
  })

  it('derives every case from one base, and each case has exactly one defect', async () => {
    const base = await createNotificationBuilders(signer, { bundleId: BUNDLE_ID, appAppleId: APP_APPLE_ID }).refund()
    const derived = await createNegativeNotifications(signer, { base })
    const find = (name: string) => derived.find((negative) => negative.name === name)!
    expect(find('tampered-signature').signedPayload.split('.').slice(0, 2)).toEqual(base.signedPayload.split('.').slice(0, 2))
    const verify = (settings: object, body: string) =>
      createNotificationVerifier({ bundleId: BUNDLE_ID, environment: 'Sandbox', rootCertificates: [signer.rootCertificate], ...settings }).verifyNotification(body)
    await expect(verify({}, base.body)).resolves.toMatchObject({ notificationType: 'REFUND' })
    // Controls: the same bodies pass once the setting they contradict is changed.
    await expect(verify({ bundleId: 'com.example.other' }, find('wrong-bundle-id').body)).resolves.toBeDefined()
    await expect(verify({ environment: 'Production', appAppleId: APP_APPLE_ID }, find('wrong-environment').body)).resolves.toBeDefined()
    await expect(verify({ environment: 'Production', appAppleId: APP_APPLE_ID + 1 }, find('wrong-app-apple-id').body)).resolves.toBeDefined()
    expect(find('wrong-app-apple-id').verifyWith).toEqual({ bundleId: BUNDLE_ID, environment: 'Production', appAppleId: APP_APPLE_ID })
  })

  it('refuses a base that is not a Sandbox data notification', async () => {
    const builders = createNotificationBuilders(signer, { environment: 'Production', appAppleId: APP_APPLE_ID })
    await expect(createNegativeNotifications(signer, { base: await builders.refund() })).rejects.toThrow(TypeError)
  })

  it('issues the variant chains under the same root, except the untrusted one', async () => {
    const variants = await createVariantChains(signer.chain)
    expect(variants.expiredLeaf.root).toBe(signer.chain.root)
    expect(variants.expiredLeaf.intermediate).toBe(signer.chain.intermediate)
    expect(variants.intermediateWithoutAppleOid.root).toBe(signer.chain.root)
    expect(variants.intermediateWithoutAppleOid.intermediate.der).not.toEqual(signer.chain.intermediate.der)
    expect(variants.untrustedRoot.root.der).not.toEqual(signer.chain.root.der)
  })
})

describe("Apple's SignedDataVerifier on the negative cases", () => {
  // Apple's library (3.1.0) pins no algorithm, ignores `crit`, and leaves nested JWS to the caller
  // (apple.md §2.8); only these cases get past verifyAndDecodeNotification. The nested one fails
  // as soon as the transaction itself is verified.
  const ACCEPTED_BY_APPLE = ['crit-header', 'nested-transaction-untrusted-root']

  it.each(NEGATIVE_CASES)('%s', async (name) => {
    const negative = negatives.find((entry) => entry.name === name)!
    const environment = negative.verifyWith.environment === 'Production' ? Environment.PRODUCTION : Environment.SANDBOX
    const apple = new SignedDataVerifier([Buffer.from(signer.rootCertificate)], false, environment, BUNDLE_ID, APP_APPLE_ID)
    const outcome = apple.verifyAndDecodeNotification(negative.signedPayload)
    if (ACCEPTED_BY_APPLE.includes(name)) {
      const decoded = await outcome
      expect(decoded.notificationType).toBe('REFUND')
      if (name === 'nested-transaction-untrusted-root') {
        await expect(apple.verifyAndDecodeTransaction(decoded.data!.signedTransactionInfo!)).rejects.toMatchObject({ status: expect.any(Number) })
      }
    } else {
      await expect(outcome).rejects.toMatchObject({ status: expect.any(Number) })
    }
  })
})
