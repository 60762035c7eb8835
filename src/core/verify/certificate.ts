import { AppStoreNotificationError } from '../errors.js'
import { decodeOid, decodeTime, ecdsaDerToP1363, expectElement, readChildren, readElement, TAG, valueOf } from './der.js'
import type { DerElement } from './der.js'

/** Elliptic curves the verifier accepts in certificates. */
export type NamedCurve = 'P-256' | 'P-384' | 'P-521'

/** Hash functions of the ECDSA certificate signature algorithms. */
export type HashName = 'SHA-256' | 'SHA-384' | 'SHA-512'

const CURVES: Record<string, NamedCurve> = {
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
}
const CURVE_SIZES: Record<NamedCurve, number> = { 'P-256': 32, 'P-384': 48, 'P-521': 66 }
const ECDSA_SIGNATURES: Record<string, HashName> = {
  '1.2.840.10045.4.3.2': 'SHA-256',
  '1.2.840.10045.4.3.3': 'SHA-384',
  '1.2.840.10045.4.3.4': 'SHA-512',
}
const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1'
const OID_BASIC_CONSTRAINTS = '2.5.29.19'
const OID_AUTHORITY_INFO_ACCESS = '1.3.6.1.5.5.7.1.1'
const OID_AD_OCSP = '1.3.6.1.5.5.7.48.1'

/** The fields of an X.509 certificate the verifier needs, with views into the original DER. */
export interface ParsedCertificate {
  readonly der: Uint8Array
  /** The signed part (`tbsCertificate`), as DER. */
  readonly tbs: Uint8Array
  /** The serial number's value bytes. */
  readonly serialNumber: Uint8Array
  /** Issuer and subject Names as DER bytes, compared byte for byte. */
  readonly issuer: Uint8Array
  readonly subject: Uint8Array
  /** Human-readable subject common name, for messages only. */
  readonly subjectCommonName: string
  readonly notBefore: number
  readonly notAfter: number
  /** The whole SubjectPublicKeyInfo, as DER; `curve` is null for non-EC keys. */
  readonly spki: Uint8Array
  readonly curve: NamedCurve | null
  /** The signature algorithm's hash, or null when it is not ECDSA. */
  readonly signatureHash: HashName | null
  readonly signatureAlgorithm: string
  /** The DER `ECDSA-Sig-Value` (or other signature bytes). */
  readonly signature: Uint8Array
  /** Extension OID → its `extnValue` bytes. */
  readonly extensions: ReadonlyMap<string, Uint8Array>
  readonly isCertificateAuthority: boolean
}

/**
 * Parses a DER certificate. Throws `ERR_CERT_MALFORMED` (with the certificate's role in the message)
 * for anything that is not a well-formed X.509 v3 certificate.
 */
export function parseCertificate(der: Uint8Array, role: string): ParsedCertificate {
  try {
    return parse(der)
  } catch (error) {
    throw new AppStoreNotificationError(
      'ERR_CERT_MALFORMED',
      `${role} certificate is not valid DER X.509 (${(error as Error).message}); x5c entries must be standard-base64 DER certificates`,
      { cause: error },
    )
  }
}

function parse(der: Uint8Array): ParsedCertificate {
  const certificate = expectElement(readElement(der, 0), TAG.SEQUENCE, 'Certificate')
  if (certificate.end !== der.length) throw new Error('trailing bytes after the certificate')
  const [tbsElement, algorithmElement, signatureElement] = readChildren(der, certificate)
  const tbs = expectElement(tbsElement, TAG.SEQUENCE, 'tbsCertificate')
  const signatureAlgorithm = readAlgorithm(der, expectElement(algorithmElement, TAG.SEQUENCE, 'signatureAlgorithm'))
  const signatureBits = valueOf(der, expectElement(signatureElement, TAG.BIT_STRING, 'signatureValue'))
  if (signatureBits[0] !== 0) throw new Error('signatureValue has unused bits')

  const fields = readChildren(der, tbs)
  let index = fields[0]?.tag === 0xa0 ? 1 : 0 // [0] EXPLICIT version
  const serial = expectElement(fields[index++], TAG.INTEGER, 'serialNumber')
  expectElement(fields[index++], TAG.SEQUENCE, 'signature')
  const issuer = expectElement(fields[index++], TAG.SEQUENCE, 'issuer')
  const validity = readChildren(der, expectElement(fields[index++], TAG.SEQUENCE, 'validity'))
  const subject = expectElement(fields[index++], TAG.SEQUENCE, 'subject')
  const spki = expectElement(fields[index++], TAG.SEQUENCE, 'subjectPublicKeyInfo')
  const [keyAlgorithm] = readChildren(der, spki)
  const keyAlgorithmChildren = readChildren(der, expectElement(keyAlgorithm, TAG.SEQUENCE, 'SPKI algorithm'))
  const keyType = decodeOid(valueOf(der, expectElement(keyAlgorithmChildren[0], TAG.OID, 'SPKI algorithm OID')))
  const curveParam = keyAlgorithmChildren[1]
  const curve = keyType === OID_EC_PUBLIC_KEY && curveParam?.tag === TAG.OID ? (CURVES[decodeOid(valueOf(der, curveParam))] ?? null) : null

  const extensions = new Map<string, Uint8Array>()
  const extensionsWrapper = fields.slice(index).find((field) => field.tag === 0xa3)
  if (extensionsWrapper !== undefined) {
    const [list] = readChildren(der, extensionsWrapper)
    for (const extension of readChildren(der, expectElement(list, TAG.SEQUENCE, 'extensions'))) {
      const parts = readChildren(der, expectElement(extension, TAG.SEQUENCE, 'extension'))
      const oid = decodeOid(valueOf(der, expectElement(parts[0], TAG.OID, 'extnID')))
      const value = expectElement(parts[parts.length - 1], TAG.OCTET_STRING, 'extnValue')
      if (extensions.has(oid)) throw new Error(`duplicate extension ${oid}`)
      extensions.set(oid, valueOf(der, value))
    }
  }

  return {
    der,
    tbs: der.subarray(tbs.start, tbs.end),
    serialNumber: valueOf(der, serial),
    issuer: der.subarray(issuer.start, issuer.end),
    subject: der.subarray(subject.start, subject.end),
    subjectCommonName: commonName(der, subject),
    notBefore: decodeTime(der, expectElement(validity[0], validity[0]?.tag ?? 0, 'notBefore')),
    notAfter: decodeTime(der, expectElement(validity[1], validity[1]?.tag ?? 0, 'notAfter')),
    spki: der.subarray(spki.start, spki.end),
    curve,
    signatureHash: ECDSA_SIGNATURES[signatureAlgorithm] ?? null,
    signatureAlgorithm,
    signature: signatureBits.subarray(1),
    extensions,
    isCertificateAuthority: readIsCa(extensions.get(OID_BASIC_CONSTRAINTS)),
  }
}

function readAlgorithm(der: Uint8Array, element: DerElement): string {
  return decodeOid(valueOf(der, expectElement(readChildren(der, element)[0], TAG.OID, 'algorithm OID')))
}

function readIsCa(value: Uint8Array | undefined): boolean {
  if (value === undefined) return false
  const sequence = expectElement(readElement(value, 0), TAG.SEQUENCE, 'basicConstraints')
  const first = readChildren(value, sequence)[0]
  return first?.tag === TAG.BOOLEAN && value[first.valueStart] !== 0
}

function commonName(der: Uint8Array, name: DerElement): string {
  for (const rdn of readChildren(der, name)) {
    for (const attribute of readChildren(der, rdn)) {
      const [type, value] = readChildren(der, attribute)
      if (type?.tag === TAG.OID && value !== undefined && decodeOid(valueOf(der, type)) === '2.5.4.3') {
        return new TextDecoder().decode(valueOf(der, value))
      }
    }
  }
  return '(no common name)'
}

/** The certificate's ECDSA signature in raw `r‖s` form for the issuer's curve, or null when unusable. */
export function certificateSignatureP1363(certificate: ParsedCertificate, issuerCurve: NamedCurve): Uint8Array | null {
  try {
    return ecdsaDerToP1363(certificate.signature, CURVE_SIZES[issuerCurve])
  } catch {
    return null
  }
}

/** The OCSP responder URL from the Authority Information Access extension, if any. */
export function ocspResponderUrl(certificate: ParsedCertificate): string | null {
  const value = certificate.extensions.get(OID_AUTHORITY_INFO_ACCESS)
  if (value === undefined) return null
  const list = readElement(value, 0)
  for (const description of readChildren(value, list)) {
    const [method, location] = readChildren(value, description)
    if (method?.tag === TAG.OID && decodeOid(valueOf(value, method)) === OID_AD_OCSP && location?.tag === 0x86) {
      return new TextDecoder().decode(valueOf(value, location))
    }
  }
  return null
}

/** Byte-for-byte equality, used for Names and certificates. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
