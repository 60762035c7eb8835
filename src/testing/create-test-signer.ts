import { CompactSign } from 'jose'
import { createTestChain, type TestChain, type TestChainOptions } from './create-test-chain.js'
import { toBase64Url, utf8 } from './encoding.js'

/**
 * Per-call options of {@link TestSigner.sign}, for negative tests.
 *
 * @example
 * const withTyp = await signer.sign(payload, { header: { typ: 'JWT' } })
 * const reordered = await signer.sign(payload, { x5c: [signer.x5c[1], signer.x5c[0], signer.x5c[2]] })
 *
 * Exported from `app-store-notifications/testing`.
 */
export interface SignOptions {
  /**
   * Header fields merged over `{"alg":"ES256","x5c":[…]}` (later keys win; a field set to
   * `undefined` is removed). The signature is always a valid ES256 signature by the leaf key,
   * whatever `alg` says, so only the header check under test can fail.
   */
  readonly header?: Readonly<Record<string, unknown>>
  /** Replaces the `x5c` array (for example with a foreign chain, or in another order). */
  readonly x5c?: readonly string[]
}

/**
 * A notification signed like Apple's: the JWS, and the HTTP body Apple would POST.
 *
 * @example
 * const { signedPayload, body } = await signer.signNotification(payload)
 * await fetch('http://127.0.0.1:3000/apple/notifications', { method: 'POST', body })
 *
 * Exported from `app-store-notifications/testing`.
 */
export interface SignedNotification {
  /** The compact JWS. */
  readonly signedPayload: string
  /** The request body Apple sends: `{"signedPayload":"…"}`. */
  readonly body: string
}

/**
 * Signs App Store style JWS with a test chain. Trust it in a verifier through
 * `rootCertificates: [signer.rootCertificate]`; no verification step is skipped.
 *
 * @example
 * const signer: TestSigner = await createTestSigner()
 * const signedTransactionInfo = await signer.signTransaction({ transactionId: '2000000123456789', bundleId: 'com.example.app' })
 * const verifier = createNotificationVerifier({ bundleId: 'com.example.app', environment: 'Sandbox', rootCertificates: [signer.rootCertificate] })
 *
 * Exported from `app-store-notifications/testing`.
 */
export interface TestSigner {
  /** DER of the chain's root: the trust anchor to configure in the verifier under test. */
  readonly rootCertificate: Uint8Array<ArrayBuffer>
  /** The chain with its private keys. */
  readonly chain: TestChain
  /** Standard base64 DER of `[leaf, intermediate, root]`, as in the JWS header. */
  readonly x5c: readonly [string, string, string]
  /** Signs `payload` as JSON. Header by default exactly `{"alg":"ES256","x5c":[leaf,intermediate,root]}`. */
  sign(payload: object, options?: SignOptions): Promise<string>
  /** Signs a decoded notification payload and wraps it in Apple's request body. */
  signNotification(payload: object): Promise<SignedNotification>
  /** Signs a `JWSTransactionDecodedPayload` (for `signedTransactionInfo`). */
  signTransaction(payload: object): Promise<string>
  /** Signs a `JWSRenewalInfoDecodedPayload` (for `signedRenewalInfo`). */
  signRenewalInfo(payload: object): Promise<string>
  /** Signs an AppTransaction (for `signedAppTransactionInfo`). */
  signAppTransaction(payload: object): Promise<string>
  /**
   * Signs the exact header and payload strings given (which need not be JSON), with a valid
   * ES256 signature (64-byte `r‖s`) by the leaf key over `base64url(header).base64url(payload)`.
   */
  signRaw(headerJson: string, payloadJson: string): Promise<string>
}

/**
 * Options of {@link createTestSigner}: reuse a `chain`, or pass {@link TestChainOptions} to
 * create a new one.
 *
 * @example
 * const signer = await createTestSigner({ chain: await importTestChain(JSON.parse(await readFile('chain.json', 'utf8'))) })
 * const p384Signer = await createTestSigner({ leafCurve: 'P-384' }) // a leaf key ES256 cannot use
 *
 * Exported from `app-store-notifications/testing`.
 */
export interface TestSignerOptions extends TestChainOptions {
  /** An existing chain to sign with; when set, the chain options are ignored. */
  readonly chain?: TestChain
}

/**
 * Creates a signer whose JWS have the shape of Apple's (ES256, 3-certificate `x5c`, no `typ`,
 * no `kid`), signed by a fresh test chain shaped like Apple's.
 *
 * @example
 * const signer = await createTestSigner()
 * const { body } = await signer.signNotification({
 *   notificationType: 'TEST', notificationUUID: crypto.randomUUID(), version: '2.0',
 *   signedDate: Date.now(), data: { bundleId: 'com.example.app', environment: 'Sandbox' },
 * })
 * // verify `body` with rootCertificates: [signer.rootCertificate]
 *
 * Exported from `app-store-notifications/testing`.
 */
export async function createTestSigner(options: TestSignerOptions = {}): Promise<TestSigner> {
  const chain = options.chain ?? (await createTestChain(options))
  const x5c = [chain.leaf.base64, chain.intermediate.base64, chain.root.base64] as const
  const leafKey = chain.leaf.privateKey
  const leafIsP256 = (leafKey.algorithm as EcKeyAlgorithm).namedCurve === 'P-256'

  const signRaw = async (headerJson: string, payloadJson: string): Promise<string> => {
    const signingInput = `${toBase64Url(utf8(headerJson))}.${toBase64Url(utf8(payloadJson))}`
    const signature = await globalThis.crypto.subtle.sign(
      { name: 'ECDSA', hash: 'SHA-256' },
      leafKey,
      utf8(signingInput),
    )
    return `${signingInput}.${toBase64Url(new Uint8Array(signature))}`
  }

  const sign = async (payload: object, signOptions: SignOptions = {}): Promise<string> => {
    const header = { alg: 'ES256', x5c: signOptions.x5c ?? x5c, ...signOptions.header }
    const payloadJson = JSON.stringify(payload)
    // jose for the genuine shape; raw signing when the header is deliberately unusual (jose
    // would refuse `crit` or an alg that does not match the key) or the leaf is not P-256.
    if (signOptions.header !== undefined || !leafIsP256) return signRaw(JSON.stringify(header), payloadJson)
    return new CompactSign(utf8(payloadJson)).setProtectedHeader({ alg: 'ES256', x5c: [...header.x5c] }).sign(leafKey)
  }

  return {
    rootCertificate: chain.root.der,
    chain,
    x5c,
    sign,
    signRaw,
    ...signMethods(sign),
  }
}

/** The per-kind signing methods of a {@link TestSigner}, all built on its `sign`. */
export function signMethods(
  sign: TestSigner['sign'],
): Pick<TestSigner, 'signNotification' | 'signTransaction' | 'signRenewalInfo' | 'signAppTransaction'> {
  return {
    signNotification: async (payload) => {
      const signedPayload = await sign(payload)
      return { signedPayload, body: JSON.stringify({ signedPayload }) }
    },
    signTransaction: (payload) => sign(payload),
    signRenewalInfo: (payload) => sign(payload),
    signAppTransaction: (payload) => sign(payload),
  }
}
