// OCSP revocation checks (RFC 6960) for online verification, built on pkijs, which is loaded on
// first use only, so offline verification never pays for it.
import type * as asn1js from 'asn1js'
import type * as pkijs from 'pkijs'
import { AppStoreNotificationError } from '../errors.js'
import { ocspResponderUrl } from './certificate.js'
import type { ParsedCertificate } from './certificate.js'
import { VALIDITY_TOLERANCE_MS } from './certificate-chain.js'

const OID_OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1'
const OID_EXTENDED_KEY_USAGE = '2.5.29.37'
const OID_KP_OCSP_SIGNING = '1.3.6.1.5.5.7.3.9'

/** Options of one OCSP query. */
export interface OcspQueryOptions {
  readonly fetch: typeof fetch
  readonly timeoutMs: number
  readonly now: () => number
  /** "leaf" or "intermediate", for messages. */
  readonly role: string
}

/**
 * Asks the certificate's OCSP responder whether it is revoked. Resolves with the answer's
 * `nextUpdate` when the status is good; throws `ERR_CERT_REVOKED`, `ERR_OCSP_RESPONSE_INVALID`, or
 * the retryable `ERR_REVOCATION_UNAVAILABLE` when the responder cannot be reached.
 */
export async function queryOcsp(
  certificate: ParsedCertificate,
  issuer: ParsedCertificate,
  options: OcspQueryOptions,
): Promise<{ nextUpdate: number | undefined }> {
  // Imported here, not at module level: pkijs writes a global slot when it loads, which must
  // never happen merely because this package was imported.
  const pkijs = await import('pkijs')
  const engine = new pkijs.CryptoEngine({ name: 'webcrypto', crypto: globalThis.crypto })
  const url = ocspResponderUrl(certificate)
  if (url === null) throw invalid(`${options.role} certificate names no OCSP responder (Authority Information Access)`)
  const target = pkijs.Certificate.fromBER(copy(certificate.der))
  const issuerCertificate = pkijs.Certificate.fromBER(copy(issuer.der))

  const request = new pkijs.OCSPRequest()
  await request.createForCertificate(target, { hashAlgorithm: 'SHA-256', issuerCertificate }, engine)
  const responseBytes = await post(url, new Uint8Array(request.toSchema(true).toBER()), options)

  let basic: pkijs.BasicOCSPResponse
  try {
    const response = pkijs.OCSPResponse.fromBER(copy(responseBytes))
    const status = response.responseStatus.valueBlock.valueDec
    if (status === 3) throw unavailable(`OCSP responder ${url} answered tryLater`)
    if (status !== 0) throw invalid(`OCSP responder ${url} answered status ${status} instead of successful`)
    if (response.responseBytes?.responseType !== OID_OCSP_BASIC) throw invalid(`OCSP response from ${url} is not a basic response`)
    basic = pkijs.BasicOCSPResponse.fromBER(response.responseBytes.response.valueBlock.valueHexView.slice())
  } catch (error) {
    if (error instanceof AppStoreNotificationError) throw error
    throw invalid(`OCSP response from ${url} does not parse`, error)
  }

  await checkResponderSignature(basic, issuerCertificate, engine, options)
  const single = await findSingleResponse(pkijs, basic, target, issuerCertificate, engine)
  if (single === undefined) throw invalid(`OCSP response from ${url} has no status for the ${options.role} certificate`)
  const now = options.now()
  if (single.thisUpdate.getTime() > now + VALIDITY_TOLERANCE_MS) throw invalid(`OCSP response for the ${options.role} certificate is dated in the future`)
  if (single.nextUpdate !== undefined && single.nextUpdate.getTime() < now - VALIDITY_TOLERANCE_MS) {
    throw invalid(`OCSP response for the ${options.role} certificate is stale (nextUpdate ${single.nextUpdate.toISOString()})`)
  }
  const statusTag = (single.certStatus as asn1js.BaseBlock).idBlock.tagNumber
  if (statusTag === 1) {
    throw new AppStoreNotificationError('ERR_CERT_REVOKED', `${options.role} certificate "${certificate.subjectCommonName}" is revoked (OCSP)`)
  }
  if (statusTag !== 0) throw new AppStoreNotificationError('ERR_CERT_REVOKED', `OCSP responder does not know the ${options.role} certificate (status unknown)`)
  return { nextUpdate: single.nextUpdate?.getTime() }
}

async function post(url: string, body: Uint8Array, options: OcspQueryOptions): Promise<Uint8Array> {
  let response: Response
  try {
    response = await options.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' },
      body: body as Uint8Array<ArrayBuffer>,
      signal: AbortSignal.timeout(options.timeoutMs),
    })
  } catch (error) {
    throw unavailable(`OCSP responder ${url} could not be reached (${(error as Error).name})`, error)
  }
  if (!response.ok) throw unavailable(`OCSP responder ${url} answered HTTP ${response.status}`)
  try {
    return new Uint8Array(await response.arrayBuffer())
  } catch (error) {
    throw unavailable(`OCSP response from ${url} was cut off`, error)
  }
}

/** The response must be signed by the issuer itself or by a delegated responder the issuer certified. */
async function checkResponderSignature(
  basic: pkijs.BasicOCSPResponse,
  issuer: pkijs.Certificate,
  engine: pkijs.CryptoEngine,
  options: OcspQueryOptions,
): Promise<void> {
  const data = basic.tbsResponseData.tbsView.slice()
  for (const candidate of [issuer, ...(basic.certs ?? [])]) {
    const signed = await engine
      .verifyWithPublicKey(data, basic.signature, candidate.subjectPublicKeyInfo, basic.signatureAlgorithm)
      .catch(() => false)
    if (!signed) continue
    if (candidate === issuer || (await isDelegatedResponder(candidate, issuer, engine, options.now()))) return
  }
  throw invalid(`OCSP response for the ${options.role} certificate is not signed by its issuer or an authorised responder`)
}

async function isDelegatedResponder(candidate: pkijs.Certificate, issuer: pkijs.Certificate, engine: pkijs.CryptoEngine, now: number): Promise<boolean> {
  const extendedKeyUsage = candidate.extensions?.find((extension) => extension.extnID === OID_EXTENDED_KEY_USAGE)?.parsedValue as
    | pkijs.ExtKeyUsage
    | undefined
  if (extendedKeyUsage?.keyPurposes.includes(OID_KP_OCSP_SIGNING) !== true) return false
  if (candidate.notBefore.value.getTime() > now + VALIDITY_TOLERANCE_MS) return false
  if (candidate.notAfter.value.getTime() < now - VALIDITY_TOLERANCE_MS) return false
  return candidate.verify(issuer, engine).catch(() => false)
}

async function findSingleResponse(
  pkijs: typeof import('pkijs'),
  basic: pkijs.BasicOCSPResponse,
  target: pkijs.Certificate,
  issuer: pkijs.Certificate,
  engine: pkijs.CryptoEngine,
): Promise<pkijs.SingleResponse | undefined> {
  for (const single of basic.tbsResponseData.responses) {
    const hashAlgorithm = engine.getAlgorithmByOID(single.certID.hashAlgorithm.algorithmId, true, 'CertID hash algorithm').name
    const expected = await pkijs.CertID.create(target, { hashAlgorithm, issuerCertificate: issuer }, engine)
    if (single.certID.isEqual(expected)) return single
  }
  return undefined
}

function copy(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer
}

function invalid(message: string, cause?: unknown): AppStoreNotificationError {
  return new AppStoreNotificationError('ERR_OCSP_RESPONSE_INVALID', message, cause === undefined ? undefined : { cause })
}

function unavailable(message: string, cause?: unknown): AppStoreNotificationError {
  return new AppStoreNotificationError('ERR_REVOCATION_UNAVAILABLE', `${message}; retry later`, cause === undefined ? undefined : { cause })
}
