import type * as asn1js from 'asn1js'
import type * as pkijs from 'pkijs'
import type { TestCertificate, TestChain } from './create-test-chain.js'
import { toBase64 } from './encoding.js'
import { loadPki, OID, type Pki } from './issue-certificate.js'

/**
 * Revocation status to report.
 *
 * @example
 * const status: OcspCertStatus = 'revoked'
 * const body = await createOcspResponse({ chain, request, status, revokedAt: new Date('2025-01-01T00:00:00Z') })
 *
 * Exported from `app-store-notifications/testing`.
 */
export type OcspCertStatus = 'good' | 'revoked' | 'unknown'

/**
 * Who signs the response. `delegated`: the chain's OCSP responder certificate for that CA (EKU
 * `id-kp-OCSPSigning`, embedded in the response), like Apple's. `issuer`: the CA's own key.
 * `foreign`: a responder certificate with the delegated responder's names but a key the CA never
 * certified, so its signature on the embedded certificate does not verify.
 *
 * @example
 * const signer: OcspSigner = 'foreign'
 * const forged = await createOcspResponse({ chain, request, status: 'good', signer }) // the verifier must not trust it
 *
 * Exported from `app-store-notifications/testing`.
 */
export type OcspSigner = 'delegated' | 'issuer' | 'foreign'

/**
 * RFC 6960 `OCSPResponseStatus` names.
 *
 * @example
 * const responseStatus: OcspResponseStatus = 'tryLater'
 * const busy = await createOcspResponse({ chain, request, status: 'good', responseStatus })
 *
 * Exported from `app-store-notifications/testing`.
 */
export type OcspResponseStatus = 'successful' | 'malformedRequest' | 'internalError' | 'tryLater' | 'sigRequired' | 'unauthorized'

/**
 * Options of {@link createOcspResponse}.
 *
 * @example
 * const options: OcspResponseOptions = { chain, request, status: 'good', now: new Date('2025-06-01T12:00:00Z'), responderId: 'byKey' }
 * const body = await createOcspResponse(options)
 *
 * Exported from `app-store-notifications/testing`.
 */
export interface OcspResponseOptions {
  /** The chain whose leaf or intermediate is asked about. */
  readonly chain: TestChain
  /** DER of the `OCSPRequest` as POSTed by the verifier. */
  readonly request: Uint8Array
  /** Status reported for every certificate in the request. */
  readonly status: OcspCertStatus
  /** Clock the defaults derive from. Default: the current time. */
  readonly now?: Date
  /** Default: one minute before `now`. */
  readonly thisUpdate?: Date
  /** Default: 12 hours after `thisUpdate`; `null` omits the field. */
  readonly nextUpdate?: Date | null
  /** `revocationTime` when `status` is `revoked`. Default: one day before `thisUpdate`. */
  readonly revokedAt?: Date
  /** Default `'delegated'`. */
  readonly signer?: OcspSigner
  /** How the response names its signer. Default `'byName'` (what Apple's library handles best). */
  readonly responderId?: 'byName' | 'byKey'
  /**
   * Put the signer's certificate in the response's `certs`. RFC 6960 makes it optional; Apple's
   * responses carry it. Default `true`.
   */
  readonly embedCertificate?: boolean
  /** Anything but `'successful'` returns an error response without a body. Default `'successful'`. */
  readonly responseStatus?: OcspResponseStatus
}

const RESPONSE_STATUS = {
  successful: 0,
  malformedRequest: 1,
  internalError: 2,
  tryLater: 3,
  sigRequired: 5,
  unauthorized: 6,
} as const satisfies Record<OcspResponseStatus, number>

const HASH_BY_OID: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
}

const seconds = (date: Date): Date => new Date(Math.floor(date.getTime() / 1000) * 1000)

async function digest(hash: string, data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await globalThis.crypto.subtle.digest(hash, data))
}

async function publicKeyBits(key: CryptoKey): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await globalThis.crypto.subtle.exportKey('raw', key))
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((byte, index) => byte === b[index])

function certStatus({ asn1js }: Pki, { status, revokedAt }: { status: OcspCertStatus; revokedAt: Date }): asn1js.BaseBlock {
  if (status === 'revoked') {
    const revocationTime = new asn1js.GeneralizedTime({ valueDate: seconds(revokedAt) })
    return new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 1 }, value: [revocationTime] })
  }
  return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: status === 'good' ? 0 : 2 } })
}

/** The CA that issued the certificate a request asks about: matched on the CertID's issuerKeyHash. */
async function findIssuer(chain: TestChain, reqCert: pkijs.CertID): Promise<'intermediate' | 'root'> {
  const hash = HASH_BY_OID[reqCert.hashAlgorithm.algorithmId]
  if (hash === undefined) throw new TypeError(`unsupported CertID hash algorithm ${reqCert.hashAlgorithm.algorithmId}`)
  const asked = reqCert.issuerKeyHash.valueBlock.valueHexView
  for (const issuer of ['intermediate', 'root'] as const) {
    if (sameBytes(asked, await digest(hash, await publicKeyBits(chain[issuer].publicKey)))) return issuer
  }
  throw new TypeError('the OCSP request asks about a certificate not issued by this chain (issuerKeyHash matches neither CA)')
}

async function foreignResponder(
  delegated: TestCertificate,
  { pkijs, engine }: Pki & { readonly engine: pkijs.ICryptoEngine },
): Promise<TestCertificate> {
  const keys = await globalThis.crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])
  const certificate = pkijs.Certificate.fromBER(delegated.der)
  await certificate.subjectPublicKeyInfo.importKey(keys.publicKey, engine)
  await certificate.sign(keys.privateKey, 'SHA-256', engine)
  const der = new Uint8Array(certificate.toSchema(true).toBER(false))
  return { der, base64: toBase64(der), privateKey: keys.privateKey, publicKey: keys.publicKey }
}

/**
 * Answers an OCSP request for a test chain: the DER of an `OCSPResponse` (RFC 6960) with a
 * `BasicOCSPResponse` signed as `signer` says, echoing the request's nonce if it has one.
 * Use it behind msw to stand in for Apple's OCSP endpoints. pkijs is loaded by the first call, not on import.
 *
 * @example
 * http.post(DEFAULT_OCSP_URLS.leaf, async ({ request }) => {
 *   const body = await createOcspResponse({ chain, request: new Uint8Array(await request.arrayBuffer()), status: 'good' })
 *   return new HttpResponse(body, { headers: { 'content-type': 'application/ocsp-response' } })
 * })
 *
 * Exported from `app-store-notifications/testing`.
 */
export async function createOcspResponse(options: OcspResponseOptions): Promise<Uint8Array<ArrayBuffer>> {
  const pki = await loadPki()
  const { pkijs, asn1js } = pki
  const responseStatus = new asn1js.Enumerated({ value: RESPONSE_STATUS[options.responseStatus ?? 'successful'] })
  if (options.responseStatus !== undefined && options.responseStatus !== 'successful') {
    return new Uint8Array(new pkijs.OCSPResponse({ responseStatus }).toSchema().toBER(false))
  }
  const engine = new pkijs.CryptoEngine({ name: 'webcrypto', crypto: globalThis.crypto })
  const { chain } = options
  const request = pkijs.OCSPRequest.fromBER(new Uint8Array(options.request))
  const first = request.tbsRequest.requestList[0]
  if (first === undefined) throw new TypeError('the OCSP request lists no certificate')
  const issuer = await findIssuer(chain, first.reqCert)

  const now = options.now ?? new Date()
  const thisUpdate = seconds(options.thisUpdate ?? new Date(now.getTime() - 60_000))
  const nextUpdate = options.nextUpdate === undefined ? new Date(thisUpdate.getTime() + 12 * 3600_000) : options.nextUpdate
  const revokedAt = options.revokedAt ?? new Date(thisUpdate.getTime() - 24 * 3600_000)
  const delegated = issuer === 'intermediate' ? chain.ocspResponder : chain.rootOcspResponder
  const signer =
    options.signer === 'issuer'
      ? chain[issuer]
      : options.signer === 'foreign'
        ? await foreignResponder(delegated, { ...pki, engine })
        : delegated
  const signerCertificate = pkijs.Certificate.fromBER(signer.der)

  const responses = request.tbsRequest.requestList.map(
    ({ reqCert }) =>
      new pkijs.SingleResponse({
        certID: reqCert,
        certStatus: certStatus(pki, { status: options.status, revokedAt }),
        thisUpdate,
        ...(nextUpdate === null ? {} : { nextUpdate: seconds(nextUpdate) }),
      }),
  )
  const nonce = request.tbsRequest.requestExtensions?.find((extension) => extension.extnID === OID.ocspNonce)
  const basic = new pkijs.BasicOCSPResponse({
    tbsResponseData: new pkijs.ResponseData({
      responderID:
        options.responderId === 'byKey'
          ? new asn1js.OctetString({ valueHex: await digest('SHA-1', await publicKeyBits(signer.publicKey)) })
          : signerCertificate.subject,
      producedAt: thisUpdate,
      responses,
      ...(nonce === undefined
        ? {}
        : {
            responseExtensions: [
              new pkijs.Extension({ extnID: OID.ocspNonce, extnValue: nonce.extnValue.valueBlock.valueHexView.slice().buffer }),
            ],
          }),
    }),
    ...(options.embedCertificate === false ? {} : { certs: [signerCertificate] }),
  })
  const curve = (signer.privateKey.algorithm as EcKeyAlgorithm).namedCurve
  await basic.sign(signer.privateKey, curve === 'P-256' ? 'SHA-256' : 'SHA-384', engine)
  const response = new pkijs.OCSPResponse({
    responseStatus,
    responseBytes: new pkijs.ResponseBytes({
      responseType: '1.3.6.1.5.5.7.48.1.1',
      response: new asn1js.OctetString({ valueHex: basic.toSchema().toBER(false) }),
    }),
  })
  return new Uint8Array(response.toSchema().toBER(false))
}
