import type * as pkijs from 'pkijs'
import { toBase64 } from './encoding.js'
import { extensionBuilders, issueCertificate, keyIdentifier, loadPki, OID, type TestName } from './issue-certificate.js'

/**
 * One certificate of a test chain with its key pair. Keys are extractable, so a chain can be
 * exported to a fixture file and re-imported later.
 *
 * @example
 * const { root, leaf } = await createTestChain()
 * const verifier = createNotificationVerifier({ bundleId: 'com.example.app', environment: 'Sandbox', rootCertificates: [root.der] })
 * const x5cFirst = leaf.base64 // the first `x5c` entry of every JWS the leaf signs
 *
 * Exported from `app-store-notifications/testing`.
 */
export interface TestCertificate {
  /** DER bytes of the certificate. */
  readonly der: Uint8Array<ArrayBuffer>
  /** Standard base64 of the DER, exactly as it appears in a JWS `x5c` header. */
  readonly base64: string
  readonly privateKey: CryptoKey
  readonly publicKey: CryptoKey
}

/**
 * A certificate chain shaped like Apple's App Store signing chain, plus two delegated OCSP
 * responders: `ocspResponder` (issued by the intermediate, answers for the leaf) and
 * `rootOcspResponder` (issued by the root, answers for the intermediate).
 *
 * @example
 * const chain: TestChain = await createTestChain()
 * const signer = await createTestSigner({ chain })
 * const ocsp = await createOcspResponse({ chain, request, status: 'good' })
 *
 * Exported from `app-store-notifications/testing`.
 */
export interface TestChain {
  readonly root: TestCertificate
  readonly intermediate: TestCertificate
  readonly leaf: TestCertificate
  readonly ocspResponder: TestCertificate
  readonly rootOcspResponder: TestCertificate
}

/**
 * A certificate's validity period.
 *
 * @example
 * const expired: Validity = { notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2021-01-01T00:00:00Z') }
 * const chain = await createTestChain({ validity: { leaf: expired } })
 *
 * Exported from `app-store-notifications/testing`.
 */
export interface Validity {
  readonly notBefore: Date
  readonly notAfter: Date
}

/**
 * Options of {@link createTestChain}. Each option produces one variant a verifier must handle;
 * the defaults give a chain every check accepts.
 *
 * @example
 * const options: TestChainOptions = { leafAppleOid: false, ocspUrls: { leaf: null } }
 * const chain = await createTestChain(options) // a leaf without the marker OID or an OCSP URL
 *
 * Exported from `app-store-notifications/testing`.
 */
export interface TestChainOptions {
  /**
   * Validity per certificate. Defaults: root 2020-01-01 → 2045-01-01, intermediate
   * 2021-01-01 → 2040-01-01, leaf and both OCSP responders 2024-01-01 → 2036-01-01.
   */
  readonly validity?: {
    readonly root?: Validity
    readonly intermediate?: Validity
    readonly leaf?: Validity
    readonly ocspResponder?: Validity
  }
  /** Subject common names (defaults: `Test Root CA - G3`, `Test Worldwide Developer Relations CA`, `Test App Store Signing`). */
  readonly names?: { readonly root?: string; readonly intermediate?: string; readonly leaf?: string }
  /**
   * Common name written into the *issuer* field of the intermediate or the leaf, while the
   * signature stays valid. Use it for "issuer name does not match" checks. Default: the
   * issuing certificate's subject.
   */
  readonly issuerNames?: { readonly intermediate?: string; readonly leaf?: string }
  /**
   * OCSP responder URL in each certificate's Authority Information Access; `null` omits the
   * extension. Defaults: `http://ocsp.test.invalid/ocsp-root` (intermediate) and
   * `http://ocsp.test.invalid/ocsp-intermediate` (leaf).
   */
  readonly ocspUrls?: { readonly intermediate?: string | null; readonly leaf?: string | null }
  /** Include the leaf marker `1.2.840.113635.100.6.11.1`. Default `true`. */
  readonly leafAppleOid?: boolean
  /** Include the intermediate marker `1.2.840.113635.100.6.2.1`. Default `true`. */
  readonly intermediateAppleOid?: boolean
  /** basicConstraints `cA` of the intermediate. Default `true`. */
  readonly intermediateIsCa?: boolean
  /** Curve of the leaf key. Apple's leaf is P-256, the only one valid for ES256. Default `'P-256'`. */
  readonly leafCurve?: 'P-256' | 'P-384' | 'P-521'
  /**
   * Issue under existing certificates (with their private keys), for variants that must chain to
   * a root a verifier already trusts: with `root`, that certificate is the new chain's root and
   * signs a new intermediate; with `intermediate` as well, only the leaf and the OCSP responders
   * are new. The reused certificates' names and validity are kept; their options are ignored.
   */
  readonly issuers?: { readonly root: TestCertificate; readonly intermediate?: TestCertificate }
}

/**
 * Default OCSP responder URLs; `.invalid` never resolves, so a missing mock fails loudly.
 *
 * @example
 * http.post(DEFAULT_OCSP_URLS.leaf, async ({ request }) =>
 *   new HttpResponse(await createOcspResponse({ chain, request: new Uint8Array(await request.arrayBuffer()), status: 'revoked' })))
 *
 * Exported from `app-store-notifications/testing`.
 */
export const DEFAULT_OCSP_URLS: { readonly intermediate: string; readonly leaf: string } = {
  intermediate: 'http://ocsp.test.invalid/ocsp-root',
  leaf: 'http://ocsp.test.invalid/ocsp-intermediate',
}

const period = (from: string, to: string): Validity => ({ notBefore: new Date(from), notAfter: new Date(to) })

const KEY_USAGE = { digitalSignature: 0, keyCertSign: 5, cRLSign: 6 } as const

interface Party {
  readonly keys: CryptoKeyPair
  /** Subject key identifier: SHA-1 of the public key bits. */
  readonly id: Uint8Array
}

async function createParty(namedCurve: string): Promise<Party> {
  const keys = await globalThis.crypto.subtle.generateKey({ name: 'ECDSA', namedCurve }, true, ['sign', 'verify'])
  return { keys, id: await keyIdentifier(keys.publicKey) }
}

async function reusedParty(certificate: TestCertificate): Promise<Party> {
  return {
    keys: { privateKey: certificate.privateKey, publicKey: certificate.publicKey },
    id: await keyIdentifier(certificate.publicKey),
  }
}

/**
 * Creates a fresh certificate chain shaped like Apple's: a P-384 self-signed root, a P-384
 * intermediate (CA, pathLen 0, marker `1.2.840.113635.100.6.2.1`) and a P-256 leaf (marker
 * `1.2.840.113635.100.6.11.1`), all signed with ecdsa-with-SHA384, plus delegated OCSP
 * responders. New keys every call; nothing is cached. Certificates issued by two chains with
 * the same names have equal issuer/subject names but different keys, which gives "issuer name
 * matches, signature does not" cases by mixing them. pkijs is loaded by the first call, not on import.
 *
 * @example
 * const chain = await createTestChain()
 * const leaf2020 = { notBefore: new Date('2020-01-01'), notAfter: new Date('2021-01-01') }
 * const expired = await createTestChain({ validity: { leaf: leaf2020 } })
 * // the same defect under the root and intermediate a verifier already trusts:
 * const expiredUnderSameRoot = await createTestChain({ issuers: chain, validity: { leaf: leaf2020 } })
 *
 * Exported from `app-store-notifications/testing`.
 */
export async function createTestChain(options: TestChainOptions = {}): Promise<TestChain> {
  const pki = await loadPki()
  const engine = new pki.pkijs.CryptoEngine({ name: 'webcrypto', crypto: globalThis.crypto })
  const extensions = extensionBuilders(pki)
  const reused = options.issuers
  const [rootParty, intermediateParty, leafParty, responderParty, rootResponderParty] = await Promise.all([
    reused === undefined ? createParty('P-384') : reusedParty(reused.root),
    reused?.intermediate === undefined ? createParty('P-384') : reusedParty(reused.intermediate),
    createParty(options.leafCurve ?? 'P-256'),
    createParty('P-256'),
    createParty('P-256'),
  ])
  const validity = {
    root: options.validity?.root ?? period('2020-01-01T00:00:00Z', '2045-01-01T00:00:00Z'),
    intermediate: options.validity?.intermediate ?? period('2021-01-01T00:00:00Z', '2040-01-01T00:00:00Z'),
    leaf: options.validity?.leaf ?? period('2024-01-01T00:00:00Z', '2036-01-01T00:00:00Z'),
    ocspResponder: options.validity?.ocspResponder ?? period('2024-01-01T00:00:00Z', '2036-01-01T00:00:00Z'),
  }
  const names = {
    root: { commonName: options.names?.root ?? 'Test Root CA - G3', organizationalUnit: 'Test Certification Authority' },
    intermediate: {
      commonName: options.names?.intermediate ?? 'Test Worldwide Developer Relations CA',
      organizationalUnit: 'G6',
    },
    leaf: { commonName: options.names?.leaf ?? 'Test App Store Signing', organizationalUnit: 'Test Certification Authority' },
  }
  const ocspUrl = (key: 'intermediate' | 'leaf'): pkijs.Extension[] => {
    const url = options.ocspUrls?.[key] === undefined ? DEFAULT_OCSP_URLS[key] : options.ocspUrls[key]
    return url === null ? [] : [extensions.ocspAccess(url)]
  }
  const caUsage = extensions.keyUsage([KEY_USAGE.keyCertSign, KEY_USAGE.cRLSign])
  const signingUsage = extensions.keyUsage([KEY_USAGE.digitalSignature])

  interface Issuer {
    /** The issuer Name written by default: built from a TestName, or a reused certificate's subject. */
    readonly name: TestName | pkijs.RelativeDistinguishedNames
    /** The TestName an `issuerNames` override starts from. */
    readonly testName: TestName
    readonly party: Party
  }
  interface Issue {
    readonly subject: TestName
    readonly party: Party
    /** The issuing party; the issuer name written defaults to its subject. */
    readonly issuer: Issuer
    readonly issuerName?: string | undefined
    readonly validity: Validity
    readonly extensions: pkijs.Extension[]
  }
  const issue = (spec: Issue): Promise<Uint8Array<ArrayBuffer>> =>
    issueCertificate(pki, {
      subject: spec.subject,
      issuer: spec.issuerName === undefined ? spec.issuer.name : { ...spec.issuer.testName, commonName: spec.issuerName },
      ...spec.validity,
      publicKey: spec.party.keys.publicKey,
      signingKey: spec.issuer.party.keys.privateKey,
      hash: 'SHA-384',
      extensions: [
        ...spec.extensions,
        extensions.subjectKeyIdentifier(spec.party.id),
        ...(spec.issuer.party === spec.party ? [] : [extensions.authorityKeyIdentifier(spec.issuer.party.id)]),
      ],
      engine,
    })
  const subjectOf = (certificate: TestCertificate): pkijs.RelativeDistinguishedNames => pki.pkijs.Certificate.fromBER(certificate.der).subject
  const root: Issuer = { name: reused === undefined ? names.root : subjectOf(reused.root), testName: names.root, party: rootParty }
  const intermediate: Issuer = {
    name: reused?.intermediate === undefined ? names.intermediate : subjectOf(reused.intermediate),
    testName: names.intermediate,
    party: intermediateParty,
  }
  const intermediateIsCa = options.intermediateIsCa ?? true
  const responder = (commonName: string, party: Party, issuer: Issuer): Promise<Uint8Array<ArrayBuffer>> =>
    issue({
      subject: { commonName, organizationalUnit: 'Test OCSP' },
      party,
      issuer,
      validity: validity.ocspResponder,
      extensions: [
        extensions.basicConstraints(false),
        signingUsage,
        extensions.extKeyUsage([OID.ocspSigning]),
        extensions.nullValued(OID.ocspNoCheck),
      ],
    })

  const ders = await Promise.all([
    reused !== undefined ? reused.root.der : issue({
      subject: names.root,
      party: rootParty,
      issuer: root,
      validity: validity.root,
      extensions: [extensions.basicConstraints(true), caUsage],
    }),
    reused?.intermediate !== undefined ? reused.intermediate.der : issue({
      subject: names.intermediate,
      party: intermediateParty,
      issuer: root,
      issuerName: options.issuerNames?.intermediate,
      validity: validity.intermediate,
      extensions: [
        extensions.basicConstraints(intermediateIsCa, intermediateIsCa ? 0 : undefined),
        caUsage,
        ...ocspUrl('intermediate'),
        ...(options.intermediateAppleOid === false ? [] : [extensions.nullValued(OID.appleIntermediateMarker)]),
      ],
    }),
    issue({
      subject: names.leaf,
      party: leafParty,
      issuer: intermediate,
      issuerName: options.issuerNames?.leaf,
      validity: validity.leaf,
      extensions: [
        extensions.basicConstraints(false),
        signingUsage,
        ...ocspUrl('leaf'),
        ...(options.leafAppleOid === false ? [] : [extensions.nullValued(OID.appleLeafMarker)]),
      ],
    }),
    responder('Test OCSP Responder - Intermediate', responderParty, intermediate),
    responder('Test OCSP Responder - Root', rootResponderParty, root),
  ])
  const entry = (der: Uint8Array<ArrayBuffer>, party: Party): TestCertificate => ({
    der,
    base64: toBase64(der),
    privateKey: party.keys.privateKey,
    publicKey: party.keys.publicKey,
  })
  return {
    root: reused?.root ?? entry(ders[0], rootParty),
    intermediate: reused?.intermediate ?? entry(ders[1], intermediateParty),
    leaf: entry(ders[2], leafParty),
    ocspResponder: entry(ders[3], responderParty),
    rootOcspResponder: entry(ders[4], rootResponderParty),
  }
}
