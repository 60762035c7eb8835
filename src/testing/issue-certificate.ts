// Internal to the testing kit: builds one X.509 certificate with pkijs + Web Crypto.
// The crypto engine is passed explicitly, so pkijs's global engine is never read or changed.
// pkijs and asn1js are loaded on call (see loadPki), never at import.
import type * as asn1js from 'asn1js'
import type * as pkijs from 'pkijs'

/** The loaded pkijs and asn1js modules, passed to the helpers that build ASN.1. */
export interface Pki {
  readonly pkijs: typeof pkijs
  readonly asn1js: typeof asn1js
}

/**
 * Loads pkijs and asn1js. Called by the testing kit's async functions, not at module level:
 * pkijs writes a slot keyed by the process id into `globalThis` when it loads, which must never
 * happen merely because `app-store-notifications/testing` was imported.
 */
export async function loadPki(): Promise<Pki> {
  const [pkijsModule, asn1jsModule] = await Promise.all([import('pkijs'), import('asn1js')])
  return { pkijs: pkijsModule, asn1js: asn1jsModule }
}

/** Certificate extension OIDs the test chain uses (RFC 5280 and Apple's marker extensions). */
export const OID = {
  commonName: '2.5.4.3',
  organizationalUnit: '2.5.4.11',
  organization: '2.5.4.10',
  country: '2.5.4.6',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  accessOcsp: '1.3.6.1.5.5.7.48.1',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
  ocspNonce: '1.3.6.1.5.5.7.48.1.2',
  ocspNoCheck: '1.3.6.1.5.5.7.48.1.5',
  appleIntermediateMarker: '1.2.840.113635.100.6.2.1',
  appleLeafMarker: '1.2.840.113635.100.6.11.1',
} as const

/** A distinguished name as written into the certificate: common name, optional OU, fixed O and C. */
export interface TestName {
  readonly commonName: string
  readonly organizationalUnit?: string
}

/** What {@link issueCertificate} needs; every field is explicit so callers build any variant. */
export interface CertificateSpec {
  readonly subject: TestName
  /** A name to build, or the exact subject Name of an existing issuing certificate. */
  readonly issuer: TestName | pkijs.RelativeDistinguishedNames
  readonly notBefore: Date
  readonly notAfter: Date
  readonly publicKey: CryptoKey
  readonly signingKey: CryptoKey
  readonly hash: 'SHA-256' | 'SHA-384'
  readonly extensions: readonly pkijs.Extension[]
  readonly engine: pkijs.ICryptoEngine
}

const ORGANIZATION = 'app-store-notifications test PKI'

/**
 * Builds a Name in Apple's attribute order (CN, OU, O, C), one attribute per RDN. pkijs would put
 * all attributes into a single multi-valued RDN, so the DER is built here and parsed back.
 */
export function toRdn({ pkijs, asn1js }: Pki, name: TestName): pkijs.RelativeDistinguishedNames {
  const rdn = (type: string, value: pkijs.AttributeValueType): asn1js.Set =>
    new asn1js.Set({ value: [new pkijs.AttributeTypeAndValue({ type, value }).toSchema()] })
  const rdns = [rdn(OID.commonName, new asn1js.Utf8String({ value: name.commonName }))]
  if (name.organizationalUnit !== undefined) {
    rdns.push(rdn(OID.organizationalUnit, new asn1js.Utf8String({ value: name.organizationalUnit })))
  }
  rdns.push(rdn(OID.organization, new asn1js.Utf8String({ value: ORGANIZATION })))
  rdns.push(rdn(OID.country, new asn1js.PrintableString({ value: 'US' })))
  return pkijs.RelativeDistinguishedNames.fromBER(new asn1js.Sequence({ value: rdns }).toBER(false))
}

/** SHA-1 over the public key's BIT STRING contents: the RFC 5280 §4.2.1.2 method (1) key id. */
export async function keyIdentifier(publicKey: CryptoKey): Promise<Uint8Array> {
  const point = new Uint8Array(await globalThis.crypto.subtle.exportKey('raw', publicKey))
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-1', point))
}

/** Builders of the extensions the test chain uses, each producing exactly the DER Apple's certificates carry. */
export interface ExtensionBuilders {
  basicConstraints(cA: boolean, pathLenConstraint?: number): pkijs.Extension
  /** `bits` are KeyUsage bit numbers: 0 digitalSignature, 5 keyCertSign, 6 cRLSign. */
  keyUsage(bits: readonly number[]): pkijs.Extension
  subjectKeyIdentifier(id: Uint8Array): pkijs.Extension
  authorityKeyIdentifier(id: Uint8Array): pkijs.Extension
  ocspAccess(url: string): pkijs.Extension
  extKeyUsage(purposes: string[]): pkijs.Extension
  /** A presence-only extension whose value is DER NULL (`05 00`), like Apple's marker OIDs. */
  nullValued(oid: string): pkijs.Extension
}

/** The {@link ExtensionBuilders} over the loaded modules. */
export function extensionBuilders({ pkijs, asn1js }: Pki): ExtensionBuilders {
  const extension = (extnID: string, critical: boolean, value: asn1js.BaseBlock | pkijs.PkiObject): pkijs.Extension => {
    const schema = value instanceof pkijs.PkiObject ? value.toSchema() : value
    return new pkijs.Extension({ extnID, critical, extnValue: schema.toBER(false) })
  }
  return {
    basicConstraints: (cA, pathLenConstraint) =>
      extension(
        OID.basicConstraints,
        true,
        new pkijs.BasicConstraints(pathLenConstraint === undefined ? { cA } : { cA, pathLenConstraint }),
      ),
    keyUsage: (bits) => {
      const byte = bits.reduce((acc, bit) => acc | (0x80 >> bit), 0)
      const unusedBits = Math.min(...bits.map((bit) => 7 - bit))
      return extension(OID.keyUsage, true, new asn1js.BitString({ valueHex: new Uint8Array([byte]), unusedBits }))
    },
    subjectKeyIdentifier: (id) => extension(OID.subjectKeyIdentifier, false, new asn1js.OctetString({ valueHex: id })),
    authorityKeyIdentifier: (id) =>
      extension(
        OID.authorityKeyIdentifier,
        false,
        new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: id }) }),
      ),
    ocspAccess: (url) =>
      extension(
        OID.authorityInfoAccess,
        false,
        new pkijs.InfoAccess({
          accessDescriptions: [
            new pkijs.AccessDescription({
              accessMethod: OID.accessOcsp,
              accessLocation: new pkijs.GeneralName({ type: 6, value: url }),
            }),
          ],
        }),
      ),
    extKeyUsage: (purposes) => extension(OID.extKeyUsage, false, new pkijs.ExtKeyUsage({ keyPurposes: purposes })),
    nullValued: (oid) => extension(oid, false, new asn1js.Null()),
  }
}

function toTime({ pkijs }: Pki, date: Date): pkijs.Time {
  // RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. Whole seconds only.
  const value = new Date(Math.floor(date.getTime() / 1000) * 1000)
  return new pkijs.Time({ type: value.getUTCFullYear() < 2050 ? 0 : 1, value })
}

function randomSerial(): Uint8Array {
  const serial = globalThis.crypto.getRandomValues(new Uint8Array(16))
  // Positive and without a leading zero byte, so the INTEGER is exactly 16 bytes.
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x40
  return serial
}

/** Issues (signs) one X.509 v3 certificate with the loaded modules and returns its DER bytes. */
export async function issueCertificate(pki: Pki, spec: CertificateSpec): Promise<Uint8Array<ArrayBuffer>> {
  const { pkijs, asn1js } = pki
  const certificate = new pkijs.Certificate()
  certificate.version = 2
  certificate.serialNumber = new asn1js.Integer({ valueHex: randomSerial() })
  certificate.subject = toRdn(pki, spec.subject)
  certificate.issuer = spec.issuer instanceof pkijs.RelativeDistinguishedNames ? spec.issuer : toRdn(pki, spec.issuer)
  certificate.notBefore = toTime(pki, spec.notBefore)
  certificate.notAfter = toTime(pki, spec.notAfter)
  certificate.extensions = [...spec.extensions]
  await certificate.subjectPublicKeyInfo.importKey(spec.publicKey, spec.engine)
  await certificate.sign(spec.signingKey, spec.hash, spec.engine)
  return new Uint8Array(certificate.toSchema(true).toBER(false))
}
