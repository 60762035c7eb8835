import { beforeAll, describe, expect, it } from 'vitest'
import { createNotificationVerifier, decodeNotificationUnverified } from 'app-store-notifications'
import type { NotificationVerifierOptions } from 'app-store-notifications'
import { createNegativeVariants, createTestSigner } from 'app-store-notifications/testing'
import type { TestSigner } from 'app-store-notifications/testing'
import { APP_APPLE_ID, BUNDLE_ID, notificationPayload, renewalInfoPayload, SIGNED_DATE, transactionPayload } from '../../helpers/payloads.js'

let signer: TestSigner
beforeAll(async () => {
  signer = await createTestSigner()
})

for (const crypto of ['auto', 'webcrypto'] as const) {
  describe(`createNotificationVerifier (crypto: ${crypto})`, () => {
    const verifier = (extra: Partial<NotificationVerifierOptions> = {}) =>
      createNotificationVerifier({ bundleId: BUNDLE_ID, environment: 'Sandbox', rootCertificates: [signer.rootCertificate], crypto, ...extra })
    const sign = (payload: object) => signer.sign(payload)

    it('verifies a notification with nested transaction and renewal info, keeping raw strings and unknown fields', async () => {
      const signedTransactionInfo = await sign(transactionPayload({ type: 'Auto-Renewable Subscription', futureField: 'kept' }))
      const signedRenewalInfo = await sign(renewalInfoPayload())
      const payload = notificationPayload({ notificationType: 'DID_RENEW', newTopLevel: { x: 1 } }, { signedTransactionInfo, signedRenewalInfo, status: 1 })
      const { body } = await signer.signNotification(payload)
      const notification = await verifier().verifyNotification(body)
      expect(notification).toMatchObject({ notificationType: 'DID_RENEW', notificationUUID: payload.notificationUUID, newTopLevel: { x: 1 } })
      expect(notification.data?.signedTransactionInfo).toBe(signedTransactionInfo)
      expect(notification.transaction).toMatchObject({ productId: 'gold_pack_500', futureField: 'kept' })
      expect(notification.renewalInfo).toMatchObject({ autoRenewStatus: 1, environment: 'Sandbox' })
    })

    it('accepts every input form: text body, bytes, ArrayBuffer, parsed body and bare JWS', async () => {
      const { body, signedPayload } = await signer.signNotification(notificationPayload({ notificationType: 'TEST' }))
      const bytes = new TextEncoder().encode(body)
      for (const input of [body, ` ${body}\n`, bytes, bytes.buffer, JSON.parse(body), signedPayload]) {
        await expect(verifier().verifyNotification(input)).resolves.toMatchObject({ notificationType: 'TEST' })
      }
    })

    it('rejects malformed bodies with ERR_BODY_MALFORMED, never a TypeError', async () => {
      const inputs: unknown[] = ['', '   ', '{', '{"signedPayload":42}', '{"other":"x"}', '[]', { signedPayload: null }, {}, null, 42,
        new Uint8Array([0xff, 0xfe, 0x7b]), ['a']]
      for (const input of inputs) {
        await expect(verifier().verifyNotification(input as never), JSON.stringify(input)).rejects.toMatchObject({ code: 'ERR_BODY_MALFORMED' })
      }
      await expect(verifier().verifyNotification(`{"signedPayload":"${'a'.repeat(600_000)}"}`)).rejects.toMatchObject({ code: 'ERR_BODY_TOO_LARGE' })
    })

    it('rejects malformed compact JWS with ERR_JWS_MALFORMED', async () => {
      const valid = await sign(notificationPayload())
      const [header, payload, signature] = valid.split('.') as [string, string, string]
      const b64 = (text: string) => btoa(text).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')
      const cases = [
        `${header}.${payload}`, `${header}.${payload}.${signature}.x`, `${header}..${signature}`, `${header}.${payload}.`,
        `${header}.pay+load.${signature}`, `${b64('not json')}.${payload}.${signature}`, `${b64('[1]')}.${payload}.${signature}`,
        `${header}.${b64('"a string"')}.${signature}`, `${header}.${b64('{bad')}.${signature}`,
      ]
      for (const jws of cases) await expect(verifier().verifyTransaction(jws), jws.slice(0, 40)).rejects.toMatchObject({ code: 'ERR_JWS_MALFORMED' })
    })

    it('pins alg to ES256 and rejects crit, missing x5c and wrong x5c length', async () => {
      const negative = createNegativeVariants(signer)
      const tx = transactionPayload()
      for (const alg of ['none', 'HS256', 'ES384', 'ES512', 'RS256', 'PS256', 'es256']) {
        await expect(verifier().verifyTransaction(await negative.withAlg(tx, alg)), alg).rejects.toMatchObject({ code: 'ERR_JWS_ALG_NOT_ES256' })
      }
      await expect(verifier().verifyTransaction(await negative.withAlgNone(tx))).rejects.toMatchObject({ code: 'ERR_JWS_ALG_NOT_ES256' })
      await expect(verifier().verifyTransaction(await negative.withCrit(tx))).rejects.toMatchObject({ code: 'ERR_JWS_CRIT_UNSUPPORTED' })
      await expect(verifier().verifyTransaction(await negative.withoutX5c(tx))).rejects.toMatchObject({ code: 'ERR_JWS_X5C_MISSING' })
      for (const length of [0, 1, 2, 4]) {
        await expect(verifier().verifyTransaction(await negative.withX5cLength(tx, length)), `${length}`).rejects.toMatchObject({ code: 'ERR_JWS_X5C_LENGTH' })
      }
      for (const x5c of ['abc', { 0: 'a' }, [1, 2, 3], ['', '', '']]) {
        await expect(verifier().verifyTransaction(await negative.withX5c(tx, x5c))).rejects.toMatchObject({ code: 'ERR_JWS_X5C_LENGTH' })
      }
      await expect(verifier().verifyTransaction(await negative.withX5c(tx, ['example1', 'example2', 'example3']))).rejects.toMatchObject({ code: 'ERR_CERT_MALFORMED' })
      await expect(verifier().verifyTransaction(await negative.withX5c(tx, ['!!!', 'x', 'y']))).rejects.toMatchObject({ code: 'ERR_CERT_MALFORMED' })
    })

    it('rejects bad signatures: truncated, DER-encoded, empty and from another key', async () => {
      const negative = createNegativeVariants(signer)
      const tx = transactionPayload()
      await expect(verifier().verifyTransaction(await negative.withTruncatedSignature(tx))).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_INVALID' })
      await expect(verifier().verifyTransaction(await negative.withDerSignature(tx))).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_INVALID' })
      await expect(verifier().verifyTransaction(await negative.withEmptySignature(tx))).rejects.toMatchObject({ code: 'ERR_JWS_MALFORMED' })
      const other = await createTestSigner({ chain: { ...signer.chain, leaf: (await createTestSigner()).chain.leaf } })
      await expect(verifier().verifyTransaction(await other.sign(tx, { x5c: signer.x5c }))).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_INVALID' })
    })

    it('rejects any single changed character in header, payload or signature', async () => {
      const jws = await sign(transactionPayload())
      const v = verifier()
      await expect(v.verifyTransaction(jws)).resolves.toBeDefined()
      const codes = new Set<string>()
      for (let i = 0; i < jws.length; i++) {
        if (jws[i] === '.') continue
        const changed = `${jws.slice(0, i)}${jws[i] === 'A' ? 'B' : 'A'}${jws.slice(i + 1)}`
        const outcome = await v.verifyTransaction(changed).then(() => 'ACCEPTED', (error: { code?: string }) => error.code ?? 'NO CODE')
        expect(outcome, `position ${i}`).toMatch(/^ERR_/)
        codes.add(outcome)
      }
      expect(codes).toContain('ERR_JWS_SIGNATURE_INVALID')
    }, 120_000)
  })
}

describe('certificate chain checks', () => {
  const verifyWith = async (chainOptions: Parameters<typeof createTestSigner>[0], extra: Partial<NotificationVerifierOptions> = {}) => {
    const other = await createTestSigner(chainOptions)
    const v = createNotificationVerifier({ bundleId: BUNDLE_ID, environment: 'Sandbox', rootCertificates: [other.rootCertificate], ...extra })
    return v.verifyTransaction(await other.sign(transactionPayload()))
  }

  it('never trusts the root inside x5c: a foreign chain fails with ERR_CHAIN_UNTRUSTED_ROOT', async () => {
    const foreign = await createTestSigner()
    const v = createNotificationVerifier({ bundleId: BUNDLE_ID, environment: 'Sandbox', rootCertificates: [signer.rootCertificate] })
    await expect(v.verifyTransaction(await foreign.sign(transactionPayload()))).rejects.toMatchObject({ code: 'ERR_CHAIN_UNTRUSTED_ROOT' })
    const bundled = createNotificationVerifier({ bundleId: BUNDLE_ID, environment: 'Sandbox' })
    await expect(bundled.verifyTransaction(await signer.sign(transactionPayload()))).rejects.toMatchObject({ code: 'ERR_CHAIN_UNTRUSTED_ROOT' })
  })

  it('rejects an intermediate claiming the right root name but signed by another key', async () => {
    const impostor = await createTestSigner({ names: { root: 'Test Root CA - G3' } })
    const v = createNotificationVerifier({ bundleId: BUNDLE_ID, environment: 'Sandbox', rootCertificates: [signer.rootCertificate] })
    await expect(v.verifyTransaction(await impostor.sign(transactionPayload()))).rejects.toMatchObject({ code: 'ERR_CHAIN_UNTRUSTED_ROOT' })
  })

  it('rejects a leaf whose issuer name is not the intermediate', async () => {
    await expect(verifyWith({ issuerNames: { leaf: 'Somebody Else' } })).rejects.toMatchObject({ code: 'ERR_CHAIN_ISSUER_MISMATCH' })
  })

  it('rejects a leaf not signed by the intermediate (same names, other key)', async () => {
    const twin = await createTestSigner()
    const v = createNotificationVerifier({ bundleId: BUNDLE_ID, environment: 'Sandbox', rootCertificates: [signer.rootCertificate] })
    const x5c = [twin.x5c[0], signer.x5c[1], signer.x5c[2]]
    await expect(v.verifyTransaction(await twin.sign(transactionPayload(), { x5c }))).rejects.toMatchObject({ code: 'ERR_CHAIN_SIGNATURE_INVALID' })
  })

  it('requires the intermediate to be a CA and both Apple marker OIDs', async () => {
    await expect(verifyWith({ intermediateIsCa: false })).rejects.toMatchObject({ code: 'ERR_CHAIN_INTERMEDIATE_NOT_CA' })
    await expect(verifyWith({ leafAppleOid: false })).rejects.toMatchObject({ code: 'ERR_CERT_LEAF_OID_MISSING' })
    await expect(verifyWith({ intermediateAppleOid: false })).rejects.toMatchObject({ code: 'ERR_CERT_INTERMEDIATE_OID_MISSING' })
  })

  it('requires a P-256 leaf key', async () => {
    await expect(verifyWith({ leafCurve: 'P-384' })).rejects.toMatchObject({ code: 'ERR_CERT_LEAF_KEY_UNSUPPORTED' })
  })

  it('checks every certificate at signedDate with 60 s tolerance', async () => {
    const notAfter = new Date(SIGNED_DATE - 60_000 - 1)
    await expect(verifyWith({ validity: { leaf: { notBefore: new Date('2024-01-01'), notAfter } } })).rejects.toMatchObject({ code: 'ERR_CERT_EXPIRED' })
    await expect(verifyWith({ validity: { leaf: { notBefore: new Date('2024-01-01'), notAfter: new Date(SIGNED_DATE - 59_000) } } })).resolves.toBeDefined()
    await expect(verifyWith({ validity: { leaf: { notBefore: new Date(SIGNED_DATE + 61_000), notAfter: new Date('2035-01-01') } } })).rejects.toMatchObject({ code: 'ERR_CERT_NOT_YET_VALID' })
    await expect(verifyWith({ validity: { intermediate: { notBefore: new Date('2021-01-01'), notAfter: new Date('2025-01-01') } } })).rejects.toMatchObject({ code: 'ERR_CERT_EXPIRED' })
    await expect(verifyWith({ validity: { root: { notBefore: new Date('2020-01-01'), notAfter: new Date('2025-01-01') } } })).rejects.toMatchObject({ code: 'ERR_CERT_EXPIRED' })
  })

  it('uses the current time when signedDate is missing, and the injected clock', async () => {
    const tx = transactionPayload()
    delete tx.signedDate
    const v = (now: string) => createNotificationVerifier({ bundleId: BUNDLE_ID, environment: 'Sandbox', rootCertificates: [signer.rootCertificate], now: () => new Date(now) })
    await expect(v('2030-01-01').verifyTransaction(await signer.sign(tx))).resolves.toBeDefined()
    await expect(v('2037-01-01').verifyTransaction(await signer.sign(tx))).rejects.toMatchObject({ code: 'ERR_CERT_EXPIRED' })
  })
})

describe('identity checks', () => {
  const v = (extra: Partial<NotificationVerifierOptions> = {}) =>
    createNotificationVerifier({ bundleId: BUNDLE_ID, environment: ['Production', 'Sandbox'], appAppleId: APP_APPLE_ID, rootCertificates: [signer.rootCertificate], ...extra })
  const body = async (overrides: Record<string, unknown>, data: Record<string, unknown> = {}) => (await signer.signNotification(notificationPayload(overrides, data))).body

  it('checks bundleId, environment and appAppleId (in Production only)', async () => {
    await expect(v().verifyNotification(await body({}, { bundleId: 'com.other' }))).rejects.toMatchObject({ code: 'ERR_BUNDLE_ID_MISMATCH' })
    await expect(v({ environment: 'Production' }).verifyNotification(await body({}))).rejects.toMatchObject({ code: 'ERR_ENVIRONMENT_MISMATCH' })
    await expect(v().verifyNotification(await body({}, { environment: 'Xcode' }))).rejects.toMatchObject({ code: 'ERR_ENVIRONMENT_MISMATCH' })
    await expect(v().verifyNotification(await body({}, { environment: 'Production', appAppleId: 1 }))).rejects.toMatchObject({ code: 'ERR_APP_APPLE_ID_MISMATCH' })
    await expect(v().verifyNotification(await body({}, { environment: 'Production' }))).rejects.toMatchObject({ code: 'ERR_APP_APPLE_ID_MISMATCH' })
    await expect(v().verifyNotification(await body({}, { environment: 'Production', appAppleId: APP_APPLE_ID }))).resolves.toBeDefined()
    await expect(v().verifyNotification(await body({}, { appAppleId: 999 }))).resolves.toBeDefined() // Sandbox: not compared
  })

  it('reads identity from summary, externalPurchaseToken and appData', async () => {
    const summary = { requestIdentifier: crypto.randomUUID(), environment: 'Sandbox', appAppleId: APP_APPLE_ID, bundleId: BUNDLE_ID, productId: 'p', succeededCount: 3, failedCount: 0 }
    await expect(v().verifyNotification(await body({ notificationType: 'RENEWAL_EXTENSION', subtype: 'SUMMARY', data: undefined, summary }))).resolves.toMatchObject({ summary: { succeededCount: 3 } })
    await expect(v().verifyNotification(await body({ data: undefined, summary: { ...summary, bundleId: 'x' } }))).rejects.toMatchObject({ code: 'ERR_BUNDLE_ID_MISMATCH' })
    const token = { externalPurchaseId: 'SANDBOX_abc', tokenCreationDate: SIGNED_DATE, appAppleId: APP_APPLE_ID, bundleId: BUNDLE_ID }
    const external = { notificationType: 'EXTERNAL_PURCHASE_TOKEN', subtype: 'UNREPORTED', data: undefined, externalPurchaseToken: token }
    await expect(v().verifyNotification(await body(external))).resolves.toMatchObject({ externalPurchaseToken: token })
    await expect(v({ environment: 'Sandbox' }).verifyNotification(await body({ ...external, externalPurchaseToken: { ...token, externalPurchaseId: 'abc' } }))).rejects.toMatchObject({ code: 'ERR_ENVIRONMENT_MISMATCH' })
    const appTransaction = { receiptType: 'Sandbox', bundleId: BUNDLE_ID, appAppleId: APP_APPLE_ID, receiptCreationDate: SIGNED_DATE, originalPlatform: 'iOS', appTransactionId: '1' }
    const appData = { bundleId: BUNDLE_ID, environment: 'Sandbox', signedAppTransactionInfo: await signer.signAppTransaction(appTransaction) }
    const rescind = await v().verifyNotification(await body({ notificationType: 'RESCIND_CONSENT', data: undefined, appData }))
    expect(rescind.appTransaction).toMatchObject({ receiptType: 'Sandbox', originalPlatform: 'iOS' })
  })

  it('requires exactly one body', async () => {
    await expect(v().verifyNotification(await body({ data: undefined }))).rejects.toMatchObject({ code: 'ERR_PAYLOAD_BODY_MISSING' })
    await expect(v().verifyNotification(await body({ summary: { bundleId: BUNDLE_ID, environment: 'Sandbox' } }))).rejects.toMatchObject({ code: 'ERR_PAYLOAD_INVALID' })
  })

  it('verifies nested objects by the same rules and requires them to agree with the notification', async () => {
    await expect(v().verifyNotification(await body({}, { signedTransactionInfo: await signer.sign(transactionPayload({ bundleId: 'com.other' })) }))).rejects.toMatchObject({ code: 'ERR_BUNDLE_ID_MISMATCH' })
    await expect(v().verifyNotification(await body({}, { signedTransactionInfo: await signer.sign(transactionPayload({ environment: 'Production' })) }))).rejects.toMatchObject({ code: 'ERR_NESTED_MISMATCH' })
    await expect(v({ environment: 'Sandbox' }).verifyNotification(await body({}, { signedRenewalInfo: await signer.sign(renewalInfoPayload({ environment: 'Production' })) }))).rejects.toMatchObject({ code: 'ERR_ENVIRONMENT_MISMATCH' })
    const foreign = await createTestSigner()
    await expect(v().verifyNotification(await body({}, { signedTransactionInfo: await foreign.sign(transactionPayload()) }))).rejects.toMatchObject({ code: 'ERR_CHAIN_UNTRUSTED_ROOT' })
    await expect(v().verifyNotification(await body({}, { signedTransactionInfo: 'not.a.jws' }))).rejects.toMatchObject({ code: 'ERR_JWS_MALFORMED' })
  })

  it('rejects wrong field types after the signature holds', async () => {
    await expect(v().verifyNotification(await body({ notificationUUID: 42 }))).rejects.toMatchObject({ code: 'ERR_PAYLOAD_INVALID' })
    await expect(v().verifyTransaction(await signer.sign(transactionPayload({ price: '4990' })))).rejects.toMatchObject({ code: 'ERR_PAYLOAD_INVALID' })
  })

  it('validates its options', () => {
    const base = { bundleId: BUNDLE_ID, environment: 'Sandbox' } as const
    for (const options of [{ ...base, bundleId: '' }, { ...base, environment: 'Xcode' }, { ...base, environment: [] }, { bundleId: BUNDLE_ID, environment: 'Production' },
      { ...base, rootCertificates: [] }, { ...base, rootCertificates: [new Uint8Array([1, 2, 3])] }, { ...base, onlineChecks: 'yes' }]) {
      expect(() => createNotificationVerifier(options as never), JSON.stringify(options)).toThrow(expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }))
    }
  })
})

describe('decodeNotificationUnverified', () => {
  it('decodes without checking anything, nested objects included, and says so', async () => {
    const forger = await createTestSigner()
    const { body } = await forger.signNotification(notificationPayload({}, { signedTransactionInfo: await forger.sign(transactionPayload()) }))
    const decoded = decodeNotificationUnverified(body)
    expect(decoded.verified).toBe(false)
    expect(decoded.payload.notificationType).toBe('ONE_TIME_CHARGE')
    expect(decoded.transaction).toMatchObject({ productId: 'gold_pack_500' })
    expect(() => decodeNotificationUnverified('{"x":1}')).toThrow(expect.objectContaining({ code: 'ERR_BODY_MALFORMED' }))
  })
})
