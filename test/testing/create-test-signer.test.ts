import { Environment, SignedDataVerifier, VerificationStatus } from '@apple/app-store-server-library'
import { compactVerify, decodeProtectedHeader, importX509 } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { createTestChain } from '../../src/testing/create-test-chain.js'
import { createTestSigner, type TestSigner } from '../../src/testing/create-test-signer.js'
import { tamperJws } from '../../src/testing/negative-variants.js'

const BUNDLE_ID = 'com.example.app'
const APP_APPLE_ID = 1234567890
const SIGNED_DATE = Date.UTC(2025, 5, 1, 12, 0, 0) // inside the default leaf validity

function transaction(signedDate: number): Record<string, unknown> {
  const purchaseDate = signedDate - 5_000
  return {
    transactionId: '2000000912345678',
    originalTransactionId: '2000000900000001',
    webOrderLineItemId: '2000000087654321',
    bundleId: BUNDLE_ID,
    productId: 'com.example.app.premium.monthly',
    subscriptionGroupIdentifier: '21345678',
    purchaseDate,
    originalPurchaseDate: purchaseDate - 90 * 86_400_000,
    expiresDate: purchaseDate + 30 * 86_400_000,
    quantity: 1,
    type: 'Auto-Renewable Subscription',
    inAppOwnershipType: 'PURCHASED',
    signedDate: signedDate - 3,
    environment: 'Sandbox',
    transactionReason: 'RENEWAL',
    storefront: 'USA',
    storefrontId: '143441',
    price: 9990,
    currency: 'USD',
    appTransactionId: '704289572311614487',
  }
}

function renewalInfo(signedDate: number): Record<string, unknown> {
  return {
    originalTransactionId: '2000000900000001',
    autoRenewProductId: 'com.example.app.premium.monthly',
    productId: 'com.example.app.premium.monthly',
    autoRenewStatus: 1,
    signedDate: signedDate - 2,
    environment: 'Sandbox',
    recentSubscriptionStartDate: signedDate - 90 * 86_400_000,
    renewalDate: signedDate + 30 * 86_400_000,
    renewalPrice: 9990,
    currency: 'USD',
    appTransactionId: '704289572311614487',
  }
}

/** A Sandbox DID_RENEW decoded payload with nested signed transaction and renewal info. */
async function didRenew(signer: TestSigner, signedDate = SIGNED_DATE): Promise<Record<string, unknown>> {
  return {
    notificationType: 'DID_RENEW',
    notificationUUID: '6f1c9a3e-5b1d-4c6e-9a7f-2d3b4c5d6e7f',
    version: '2.0',
    signedDate,
    data: {
      appAppleId: APP_APPLE_ID,
      bundleId: BUNDLE_ID,
      bundleVersion: '42',
      environment: 'Sandbox',
      signedTransactionInfo: await signer.signTransaction(transaction(signedDate)),
      signedRenewalInfo: await signer.signRenewalInfo(renewalInfo(signedDate)),
      status: 1,
    },
  }
}

const appleVerifier = (signer: TestSigner): SignedDataVerifier =>
  new SignedDataVerifier([Buffer.from(signer.rootCertificate)], false, Environment.SANDBOX, BUNDLE_ID, APP_APPLE_ID)

const segment = (jws: string, index: number): string => Buffer.from(jws.split('.')[index] ?? '', 'base64url').toString()

describe('createTestSigner', () => {
  let signer: TestSigner
  beforeAll(async () => {
    signer = await createTestSigner()
  })

  it('writes exactly Apple\'s header: alg ES256 and x5c leaf, intermediate, root', async () => {
    const jws = await signer.sign({ hello: 'world' })
    const { chain } = signer
    expect(segment(jws, 0)).toBe(
      JSON.stringify({ alg: 'ES256', x5c: [chain.leaf.base64, chain.intermediate.base64, chain.root.base64] }),
    )
    expect(signer.x5c).toEqual([chain.leaf.base64, chain.intermediate.base64, chain.root.base64])
    expect(signer.rootCertificate).toEqual(chain.root.der)
    expect(JSON.parse(segment(jws, 1))).toEqual({ hello: 'world' })
    expect(Buffer.from(jws.split('.')[2] ?? '', 'base64url')).toHaveLength(64)
  })

  it('produces JWS that jose verifies with the leaf certificate key', async () => {
    const jws = await signer.sign({ n: 1 })
    const leafKey = await importX509(`-----BEGIN CERTIFICATE-----\n${signer.x5c[0]}\n-----END CERTIFICATE-----`, 'ES256')
    const { payload } = await compactVerify(jws, leafKey, { algorithms: ['ES256'] })
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual({ n: 1 })
  })

  it('merges header overrides, removes undefined fields and replaces x5c', async () => {
    const jws = await signer.sign({ n: 2 }, { header: { typ: 'JWT', kid: 'k1' }, x5c: ['a', 'b'] })
    expect(segment(jws, 0)).toBe('{"alg":"ES256","x5c":["a","b"],"typ":"JWT","kid":"k1"}')
    const withoutX5c = await signer.sign({ n: 3 }, { header: { x5c: undefined } })
    expect(decodeProtectedHeader(withoutX5c)).toEqual({ alg: 'ES256' })
  })

  it('signs arbitrary header and payload strings with a valid ES256 signature', async () => {
    const jws = await signer.signRaw('{"alg":"none"', 'not json')
    expect(segment(jws, 0)).toBe('{"alg":"none"')
    expect(segment(jws, 1)).toBe('not json')
    const [header = '', payload = '', signature = ''] = jws.split('.')
    const valid = await crypto.subtle.verify(
      { name: 'ECDSA', hash: 'SHA-256' },
      signer.chain.leaf.publicKey,
      Buffer.from(signature, 'base64url'),
      new TextEncoder().encode(`${header}.${payload}`),
    )
    expect(valid).toBe(true)
  })

  it('wraps notifications in Apple\'s request body', async () => {
    const { signedPayload, body } = await signer.signNotification({ notificationType: 'TEST' })
    expect(JSON.parse(body)).toEqual({ signedPayload })
    expect(JSON.parse(segment(signedPayload, 1))).toEqual({ notificationType: 'TEST' })
  })

  it('reuses a given chain', async () => {
    const again = await createTestSigner({ chain: signer.chain })
    expect(again.x5c).toEqual(signer.x5c)
  })

  it('still signs when the leaf is not P-256 (for the wrong-curve check)', async () => {
    const wrongCurve = await createTestSigner({ leafCurve: 'P-384' })
    const jws = await wrongCurve.sign({ n: 4 })
    expect(decodeProtectedHeader(jws).alg).toBe('ES256')
    expect(Buffer.from(jws.split('.')[2] ?? '', 'base64url')).toHaveLength(96)
  })
})

describe('createTestSigner against Apple\'s SignedDataVerifier (offline)', () => {
  let signer: TestSigner
  beforeAll(async () => {
    signer = await createTestSigner()
  })

  it('accepts a realistic Sandbox DID_RENEW notification and its nested JWS', async () => {
    const payload = await didRenew(signer)
    const { signedPayload } = await signer.signNotification(payload)
    const verifier = appleVerifier(signer)
    const decoded = await verifier.verifyAndDecodeNotification(signedPayload)
    expect(decoded).toMatchObject({ notificationType: 'DID_RENEW', signedDate: SIGNED_DATE, data: { bundleId: BUNDLE_ID } })
    const data = payload['data'] as Record<string, string>
    const transactionInfo = await verifier.verifyAndDecodeTransaction(data['signedTransactionInfo'] ?? '')
    expect(transactionInfo).toMatchObject({ transactionId: '2000000912345678', environment: 'Sandbox' })
    const renewal = await verifier.verifyAndDecodeRenewalInfo(data['signedRenewalInfo'] ?? '')
    expect(renewal).toMatchObject({ autoRenewStatus: 1 })
  })

  it('is rejected when tampered with', async () => {
    const { signedPayload } = await signer.signNotification(await didRenew(signer))
    const verifier = appleVerifier(signer)
    for (const part of ['payload', 'signature'] as const) {
      await expect(verifier.verifyAndDecodeNotification(tamperJws(signedPayload, part))).rejects.toMatchObject({
        status: VerificationStatus.VERIFICATION_FAILURE,
      })
    }
    const transactionJws = await signer.signTransaction(transaction(SIGNED_DATE))
    await expect(verifier.verifyAndDecodeTransaction(tamperJws(transactionJws, 'payload'))).rejects.toMatchObject({
      status: VerificationStatus.VERIFICATION_FAILURE,
    })
  })

  it('is rejected for each certificate-level variant of the chain', async () => {
    const notYetValid = { notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2027-01-01T00:00:00Z') }
    const variants = [
      { options: { leafAppleOid: false }, status: VerificationStatus.VERIFICATION_FAILURE },
      { options: { intermediateAppleOid: false }, status: VerificationStatus.VERIFICATION_FAILURE },
      { options: { intermediateIsCa: false }, status: VerificationStatus.VERIFICATION_FAILURE },
      { options: { issuerNames: { leaf: 'Somebody Else' } }, status: VerificationStatus.VERIFICATION_FAILURE },
      { options: { leafCurve: 'P-384' as const }, status: VerificationStatus.VERIFICATION_FAILURE },
      { options: { validity: { leaf: notYetValid } }, status: VerificationStatus.INVALID_CERTIFICATE },
    ]
    for (const { options, status } of variants) {
      const variant = await createTestSigner(options)
      const { signedPayload } = await variant.signNotification(await didRenew(variant))
      await expect(appleVerifier(variant).verifyAndDecodeNotification(signedPayload), JSON.stringify(options)).rejects.toMatchObject({
        status,
      })
    }
  })

  it('is rejected under another test root', async () => {
    const { signedPayload } = await signer.signNotification(await didRenew(signer))
    const otherRoot = (await createTestChain()).root.der
    const verifier = new SignedDataVerifier([Buffer.from(otherRoot)], false, Environment.SANDBOX, BUNDLE_ID, APP_APPLE_ID)
    await expect(verifier.verifyAndDecodeNotification(signedPayload)).rejects.toMatchObject({
      status: VerificationStatus.VERIFICATION_FAILURE,
    })
  })
})
