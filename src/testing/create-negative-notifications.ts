import type { ErrorCode, NotificationData, NotificationType, RenewalInfo, Transaction } from 'app-store-notifications'
import { createNotificationBuilders } from './create-notification-builders.js'
import type { BuiltNotification, NotificationBuilderOptions } from './notification-builder-types.js'
import { createTestChain, type TestChain, type Validity } from './create-test-chain.js'
import { createTestSigner, type SignedNotification, type TestSigner } from './create-test-signer.js'
import { createNegativeVariants, tamperJws } from './negative-variants.js'

/**
 * Every negative case {@link createNegativeNotifications} produces, one per verifier check.
 *
 * @example
 * const negatives = await createNegativeNotifications(signer)
 * expect(negatives.map((negative) => negative.name)).toEqual([...NEGATIVE_CASES])
 *
 * Exported from `app-store-notifications/testing`.
 */
export const NEGATIVE_CASES = [
  'expired-leaf',
  'leaf-without-apple-oid',
  'intermediate-without-apple-oid',
  'intermediate-not-ca',
  'untrusted-root',
  'nested-transaction-untrusted-root',
  'wrong-bundle-id',
  'wrong-app-apple-id',
  'wrong-environment',
  'tampered-payload',
  'tampered-signature',
  'der-signature',
  'alg-none',
  'alg-es384',
  'crit-header',
  'x5c-missing',
  'x5c-two-certificates',
  'x5c-four-certificates',
] as const

/**
 * A name from {@link NEGATIVE_CASES}.
 *
 * @example
 * const name: NegativeCase = 'wrong-environment'
 * const negative = negatives.find((candidate) => candidate.name === name)!
 *
 * Exported from `app-store-notifications/testing`.
 */
export type NegativeCase = (typeof NEGATIVE_CASES)[number]

/**
 * Certificate chains with one defect each, under the same root as the chain they were made from
 * (except `untrustedRoot`, which copies its names onto new keys).
 *
 * @example
 * const variants: VariantChains = await createVariantChains(signer.chain)
 * const expiredSigner = await createTestSigner({ chain: variants.expiredLeaf })
 *
 * Exported from `app-store-notifications/testing`.
 */
export interface VariantChains {
  readonly expiredLeaf: TestChain
  readonly leafWithoutAppleOid: TestChain
  readonly intermediateWithoutAppleOid: TestChain
  readonly intermediateNotCa: TestChain
  readonly untrustedRoot: TestChain
}

/**
 * Verifier settings under which a negative case fails as expected.
 *
 * @example
 * const settings: NegativeVerifierSettings = negative.verifyWith
 * const verifier = createNotificationVerifier({ ...settings, rootCertificates: [signer.rootCertificate] })
 *
 * Exported from `app-store-notifications/testing`.
 */
export interface NegativeVerifierSettings {
  readonly bundleId: string
  readonly environment: 'Sandbox' | 'Production'
  readonly appAppleId?: number
}

/**
 * A notification body a strict verifier must reject, and the error code it must reject it with.
 *
 * @example
 * const [negative] = await createNegativeNotifications(signer) // name 'expired-leaf', expected 'ERR_CERT_EXPIRED'
 * await expect(verifier.verifyNotification(negative!.body)).rejects.toMatchObject({ code: negative!.expected })
 *
 * Exported from `app-store-notifications/testing`.
 */
export interface NegativeNotification extends SignedNotification {
  readonly name: NegativeCase
  readonly description: string
  readonly notificationType: NotificationType
  /** The code `createNotificationVerifier` throws, configured with `verifyWith` and the signer's root. */
  readonly expected: ErrorCode
  readonly verifyWith: NegativeVerifierSettings
}

/**
 * Options of {@link createNegativeNotifications}.
 *
 * @example
 * const options: NegativeNotificationOptions = { bundleId: 'com.example.wallet', now: () => new Date('2025-06-01T12:00:00Z') }
 * const negatives = await createNegativeNotifications(signer, options)
 *
 * Exported from `app-store-notifications/testing`.
 */
export interface NegativeNotificationOptions extends Omit<NotificationBuilderOptions, 'environment'> {
  /** The Sandbox notification every case is derived from. Default: `notifications.refund()`. */
  readonly base?: BuiltNotification
  /** Signers over {@link VariantChains}. Default: new chains issued under `signer`'s root. */
  readonly variants?: { readonly [K in keyof VariantChains]: TestSigner }
}

const EXPIRED: Validity = { notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2021-01-01T00:00:00Z') }

/**
 * Issues the {@link VariantChains} of `chain`: expired leaf, leaf or intermediate without Apple's
 * marker OID, intermediate that is not a CA (all under `chain`'s root), and a look-alike chain
 * under a root nobody trusts. `validity` applies to every new certificate except the expired leaf.
 *
 * @example
 * const variants = await createVariantChains(signer.chain)
 * const expiredSigner = await createTestSigner({ chain: variants.expiredLeaf })
 *
 * Exported from `app-store-notifications/testing`.
 */
export async function createVariantChains(
  chain: TestChain,
  validity: { readonly root?: Validity; readonly intermediate?: Validity; readonly leaf?: Validity } = {},
): Promise<VariantChains> {
  const underRoot = { root: chain.root }
  const underIntermediate = { root: chain.root, intermediate: chain.intermediate }
  const withLeaf = { ...validity, ...(validity.leaf === undefined ? {} : { ocspResponder: validity.leaf }) }
  const [expiredLeaf, leafWithoutAppleOid, intermediateWithoutAppleOid, intermediateNotCa, untrustedRoot] = await Promise.all([
    createTestChain({ issuers: underIntermediate, validity: { ...withLeaf, leaf: EXPIRED } }),
    createTestChain({ issuers: underIntermediate, validity: withLeaf, leafAppleOid: false }),
    createTestChain({ issuers: underRoot, validity: withLeaf, intermediateAppleOid: false }),
    createTestChain({ issuers: underRoot, validity: withLeaf, intermediateIsCa: false }),
    createTestChain({ validity: withLeaf }),
  ])
  return { expiredLeaf, leafWithoutAppleOid, intermediateWithoutAppleOid, intermediateNotCa, untrustedRoot }
}

interface Edits {
  readonly data?: Partial<NotificationData>
  readonly transaction?: Partial<Transaction>
  readonly renewalInfo?: Partial<RenewalInfo>
  /** Signs the nested objects instead of the outer signer. */
  readonly nestedSigner?: TestSigner
}

/** Signs `base`'s decoded objects again, edited, with `signer`. */
async function resign(signer: TestSigner, base: BuiltNotification, edits: Edits = {}): Promise<SignedNotification> {
  const nestedSigner = edits.nestedSigner ?? signer
  const transaction = base.transaction && { ...base.transaction, ...edits.transaction }
  const renewalInfo = base.renewalInfo && { ...base.renewalInfo, ...edits.renewalInfo }
  const data: NotificationData = {
    ...base.payload.data,
    ...(transaction === undefined ? {} : { signedTransactionInfo: await nestedSigner.signTransaction(transaction) }),
    ...(renewalInfo === undefined ? {} : { signedRenewalInfo: await nestedSigner.signRenewalInfo(renewalInfo) }),
    ...edits.data,
  }
  return signer.signNotification({ ...base.payload, data })
}

const wrap = (jws: string): SignedNotification => ({ signedPayload: jws, body: JSON.stringify({ signedPayload: jws }) })

/**
 * Builds one rejected notification per verifier check (see {@link NEGATIVE_CASES}), each derived
 * from one valid Sandbox notification (a REFUND by default) and otherwise genuine, so only the
 * check under test can fail. Each carries the error code `createNotificationVerifier` must
 * throw, and the verifier settings that code holds for.
 *
 * @example
 * for (const negative of await createNegativeNotifications(signer, { bundleId: 'com.example.app' })) {
 *   const verifier = createNotificationVerifier({ ...negative.verifyWith, rootCertificates: [signer.rootCertificate] })
 *   await expect(verifier.verifyNotification(negative.body)).rejects.toMatchObject({ code: negative.expected })
 * }
 *
 * Exported from `app-store-notifications/testing`.
 */
export async function createNegativeNotifications(
  signer: TestSigner,
  options: NegativeNotificationOptions = {},
): Promise<NegativeNotification[]> {
  const base = options.base ?? (await createNotificationBuilders(signer, { ...options, environment: 'Sandbox' }).refund())
  const data = base.payload.data
  if (data?.bundleId === undefined || data.environment !== 'Sandbox') {
    throw new TypeError('createNegativeNotifications: base must be a Sandbox notification with a data body (e.g. notifications.refund())')
  }
  const bundleId = data.bundleId
  const appAppleId = options.appAppleId ?? data.appAppleId ?? 1234567890
  const sandbox: NegativeVerifierSettings = { bundleId, environment: 'Sandbox' }
  const variants = options.variants ?? (await signersOf(await createVariantChains(signer.chain)))
  const negative = createNegativeVariants(signer)
  const production = { environment: 'Production', appAppleId } as const
  const nestedProduction = { transaction: { environment: 'Production' }, renewalInfo: { environment: 'Production' } } as const

  const cases: Record<NegativeCase, readonly [string, ErrorCode, Promise<SignedNotification>, NegativeVerifierSettings?]> = {
    'expired-leaf': ['leaf certificate expired before signedDate', 'ERR_CERT_EXPIRED', resign(variants.expiredLeaf, base)],
    'leaf-without-apple-oid': ['leaf lacks 1.2.840.113635.100.6.11.1', 'ERR_CERT_LEAF_OID_MISSING', resign(variants.leafWithoutAppleOid, base)],
    'intermediate-without-apple-oid': ['intermediate lacks 1.2.840.113635.100.6.2.1', 'ERR_CERT_INTERMEDIATE_OID_MISSING',
      resign(variants.intermediateWithoutAppleOid, base)],
    'intermediate-not-ca': ['intermediate has basicConstraints cA=false', 'ERR_CHAIN_INTERMEDIATE_NOT_CA', resign(variants.intermediateNotCa, base)],
    'untrusted-root': ['chain ends at a root with the right names but another key', 'ERR_CHAIN_UNTRUSTED_ROOT', resign(variants.untrustedRoot, base)],
    'nested-transaction-untrusted-root': ['valid notification whose signedTransactionInfo is signed by an untrusted chain',
      'ERR_CHAIN_UNTRUSTED_ROOT', resign(signer, base, { nestedSigner: variants.untrustedRoot })],
    'wrong-bundle-id': ['data.bundleId is another app', 'ERR_BUNDLE_ID_MISMATCH',
      resign(signer, base, { data: { bundleId: 'com.example.other' }, transaction: { bundleId: 'com.example.other' } })],
    'wrong-app-apple-id': ['Production notification for another appAppleId', 'ERR_APP_APPLE_ID_MISMATCH',
      resign(signer, base, { data: { ...production, appAppleId: appAppleId + 1 }, ...nestedProduction }),
      { bundleId, ...production }],
    'wrong-environment': ['Production notification sent to a Sandbox-only endpoint', 'ERR_ENVIRONMENT_MISMATCH',
      resign(signer, base, { data: production, ...nestedProduction })],
    'tampered-payload': ['payload changed after signing', 'ERR_JWS_SIGNATURE_INVALID', Promise.resolve(wrap(tamperJws(base.signedPayload, 'payload')))],
    'tampered-signature': ['one signature character changed', 'ERR_JWS_SIGNATURE_INVALID',
      Promise.resolve(wrap(tamperJws(base.signedPayload, 'signature')))],
    'der-signature': ['signature DER-encoded instead of raw r||s', 'ERR_JWS_SIGNATURE_INVALID', negative.withDerSignature(base.payload).then(wrap)],
    'alg-none': ['header alg "none"', 'ERR_JWS_ALG_NOT_ES256', negative.withAlgNone(base.payload).then(wrap)],
    'alg-es384': ['header alg "ES384"', 'ERR_JWS_ALG_NOT_ES256', negative.withAlg(base.payload, 'ES384').then(wrap)],
    'crit-header': ['header crit names an unknown extension', 'ERR_JWS_CRIT_UNSUPPORTED', negative.withCrit(base.payload).then(wrap)],
    'x5c-missing': ['header without x5c', 'ERR_JWS_X5C_MISSING', negative.withoutX5c(base.payload).then(wrap)],
    'x5c-two-certificates': ['x5c holds leaf and intermediate only', 'ERR_JWS_X5C_LENGTH', negative.withX5cLength(base.payload, 2).then(wrap)],
    'x5c-four-certificates': ['x5c holds four certificates', 'ERR_JWS_X5C_LENGTH', negative.withX5cLength(base.payload, 4).then(wrap)],
  }
  return Promise.all(
    NEGATIVE_CASES.map(async (name) => {
      const [description, expected, signed, verifyWith = sandbox] = cases[name]
      return { name, description, notificationType: base.payload.notificationType, expected, verifyWith, ...(await signed) }
    }),
  )
}

async function signersOf(chains: VariantChains): Promise<{ readonly [K in keyof VariantChains]: TestSigner }> {
  const entries = await Promise.all(
    Object.entries(chains).map(async ([name, chain]) => [name, await createTestSigner({ chain: chain as TestChain })] as const),
  )
  return Object.fromEntries(entries) as { [K in keyof VariantChains]: TestSigner }
}
