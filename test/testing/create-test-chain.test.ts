import { X509Certificate } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { createTestChain, DEFAULT_OCSP_URLS, type TestChain } from '../../src/testing/create-test-chain.js'

const LEAF_MARKER = '1.2.840.113635.100.6.11.1'
const INTERMEDIATE_MARKER = '1.2.840.113635.100.6.2.1'
const OCSP_SIGNING = '1.3.6.1.5.5.7.3.9'

/** DER of an Extension whose value is DER NULL: OID, then OCTET STRING { 05 00 }. */
function markerExtension(oid: string): Buffer {
  const arcs = oid.split('.').map(Number)
  const body: number[] = [40 * (arcs[0] ?? 0) + (arcs[1] ?? 0)]
  for (const arc of arcs.slice(2)) {
    const bytes = [arc & 0x7f]
    for (let rest = arc >>> 7; rest > 0; rest >>>= 7) bytes.unshift((rest & 0x7f) | 0x80)
    body.push(...bytes)
  }
  return Buffer.from([0x06, body.length, ...body, 0x04, 0x02, 0x05, 0x00])
}

const hasMarker = (der: Uint8Array, oid: string): boolean => Buffer.from(der).includes(markerExtension(oid))
const x509 = (der: Uint8Array): X509Certificate => new X509Certificate(der)

describe('createTestChain', () => {
  let chain: TestChain
  beforeAll(async () => {
    chain = await createTestChain()
  })

  it('builds a chain that verifies link by link under Node', () => {
    const root = x509(chain.root.der)
    const intermediate = x509(chain.intermediate.der)
    const leaf = x509(chain.leaf.der)
    expect(root.verify(root.publicKey)).toBe(true)
    expect(intermediate.verify(root.publicKey)).toBe(true)
    expect(leaf.verify(intermediate.publicKey)).toBe(true)
    expect(leaf.verify(root.publicKey)).toBe(false)
    expect(intermediate.checkIssued(root)).toBe(true)
    expect(leaf.checkIssued(intermediate)).toBe(true)
    expect(root.ca).toBe(true)
    expect(intermediate.ca).toBe(true)
    expect(leaf.ca).toBe(false)
  })

  it('uses Apple\'s key sizes and standard base64 of the DER', () => {
    expect(x509(chain.root.der).publicKey.asymmetricKeyDetails?.namedCurve).toBe('secp384r1')
    expect(x509(chain.intermediate.der).publicKey.asymmetricKeyDetails?.namedCurve).toBe('secp384r1')
    expect(x509(chain.leaf.der).publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1')
    for (const certificate of [chain.root, chain.intermediate, chain.leaf]) {
      expect(certificate.base64).toBe(Buffer.from(certificate.der).toString('base64'))
    }
  })

  it('carries the marker OIDs with a DER NULL value and the OCSP URLs', () => {
    expect(hasMarker(chain.intermediate.der, INTERMEDIATE_MARKER)).toBe(true)
    expect(hasMarker(chain.leaf.der, LEAF_MARKER)).toBe(true)
    expect(hasMarker(chain.leaf.der, INTERMEDIATE_MARKER)).toBe(false)
    expect(hasMarker(chain.root.der, LEAF_MARKER) || hasMarker(chain.root.der, INTERMEDIATE_MARKER)).toBe(false)
    expect(x509(chain.intermediate.der).infoAccess).toContain(`OCSP - URI:${DEFAULT_OCSP_URLS.intermediate}`)
    expect(x509(chain.leaf.der).infoAccess).toContain(`OCSP - URI:${DEFAULT_OCSP_URLS.leaf}`)
  })

  it('has the default validity periods', () => {
    const dates = (der: Uint8Array): [string, string] => {
      const certificate = x509(der)
      return [new Date(certificate.validFrom).toISOString(), new Date(certificate.validTo).toISOString()]
    }
    expect(dates(chain.root.der)).toEqual(['2020-01-01T00:00:00.000Z', '2045-01-01T00:00:00.000Z'])
    expect(dates(chain.intermediate.der)).toEqual(['2021-01-01T00:00:00.000Z', '2040-01-01T00:00:00.000Z'])
    expect(dates(chain.leaf.der)).toEqual(['2024-01-01T00:00:00.000Z', '2036-01-01T00:00:00.000Z'])
  })

  it('issues delegated OCSP responders under the intermediate and the root', () => {
    const responder = x509(chain.ocspResponder.der)
    const rootResponder = x509(chain.rootOcspResponder.der)
    expect(responder.checkIssued(x509(chain.intermediate.der))).toBe(true)
    expect(responder.verify(x509(chain.intermediate.der).publicKey)).toBe(true)
    expect(rootResponder.checkIssued(x509(chain.root.der))).toBe(true)
    expect(rootResponder.verify(x509(chain.root.der).publicKey)).toBe(true)
    expect(responder.keyUsage).toEqual([OCSP_SIGNING])
    expect(rootResponder.keyUsage).toEqual([OCSP_SIGNING])
    expect(responder.ca).toBe(false)
  })

  it('returns key pairs that match the certificates', async () => {
    const spki = new Uint8Array(await crypto.subtle.exportKey('spki', chain.leaf.publicKey))
    expect(Buffer.from(spki)).toEqual(x509(chain.leaf.der).publicKey.export({ type: 'spki', format: 'der' }))
    const data = new TextEncoder().encode('probe')
    const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, chain.leaf.privateKey, data)
    expect(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, chain.leaf.publicKey, signature, data)).toBe(true)
  })

  it('makes new keys and serials on every call', async () => {
    const other = await createTestChain()
    expect(other.root.base64).not.toBe(chain.root.base64)
    expect(x509(other.leaf.der).serialNumber).not.toBe(x509(chain.leaf.der).serialNumber)
    // Same names, different keys: a foreign leaf names our intermediate as issuer but does not verify.
    expect(x509(other.leaf.der).issuer).toBe(x509(chain.intermediate.der).subject)
    expect(x509(other.leaf.der).verify(x509(chain.intermediate.der).publicKey)).toBe(false)
  })
})

describe('createTestChain options', () => {
  it('drops the marker OIDs on request', async () => {
    const chain = await createTestChain({ leafAppleOid: false, intermediateAppleOid: false })
    expect(hasMarker(chain.leaf.der, LEAF_MARKER)).toBe(false)
    expect(hasMarker(chain.intermediate.der, INTERMEDIATE_MARKER)).toBe(false)
    expect(x509(chain.leaf.der).verify(x509(chain.intermediate.der).publicKey)).toBe(true)
  })

  it('makes the intermediate a non-CA', async () => {
    const chain = await createTestChain({ intermediateIsCa: false })
    expect(x509(chain.intermediate.der).ca).toBe(false)
    expect(x509(chain.intermediate.der).verify(x509(chain.root.der).publicKey)).toBe(true)
  })

  it('applies custom validity, names, issuer names and OCSP URLs', async () => {
    const expired = { notBefore: new Date('2019-01-01T00:00:00Z'), notAfter: new Date('2020-01-01T00:00:00Z') }
    const farFuture = { notBefore: new Date('2030-01-01T00:00:00Z'), notAfter: new Date('2060-01-01T00:00:00Z') }
    const chain = await createTestChain({
      validity: { leaf: expired, intermediate: farFuture },
      names: { leaf: 'Other Leaf' },
      issuerNames: { leaf: 'Somebody Else' },
      ocspUrls: { leaf: 'http://ocsp.example.test/leaf', intermediate: null },
    })
    const leaf = x509(chain.leaf.der)
    expect(new Date(leaf.validTo).toISOString()).toBe('2020-01-01T00:00:00.000Z')
    // 2060 needs GeneralizedTime; Node reads it back exactly.
    expect(new Date(x509(chain.intermediate.der).validTo).toISOString()).toBe('2060-01-01T00:00:00.000Z')
    expect(leaf.subject).toContain('CN=Other Leaf')
    expect(leaf.issuer).toContain('CN=Somebody Else')
    expect(leaf.checkIssued(x509(chain.intermediate.der))).toBe(false)
    expect(leaf.verify(x509(chain.intermediate.der).publicKey)).toBe(true)
    expect(leaf.infoAccess).toContain('OCSP - URI:http://ocsp.example.test/leaf')
    expect(x509(chain.intermediate.der).infoAccess).toBeUndefined()
  })

  it('creates a leaf on another curve', async () => {
    const chain = await createTestChain({ leafCurve: 'P-384' })
    expect(x509(chain.leaf.der).publicKey.asymmetricKeyDetails?.namedCurve).toBe('secp384r1')
    expect(x509(chain.leaf.der).verify(x509(chain.intermediate.der).publicKey)).toBe(true)
  })

  it('issues under an existing root or intermediate, keeping them as they are', async () => {
    const base = await createTestChain({ names: { root: 'Custom Root', intermediate: 'Custom Intermediate' } })
    const sameIntermediate = await createTestChain({ issuers: base, leafAppleOid: false })
    expect(sameIntermediate.root).toBe(base.root)
    expect(sameIntermediate.intermediate).toBe(base.intermediate)
    expect(x509(sameIntermediate.leaf.der).checkIssued(x509(base.intermediate.der))).toBe(true)
    expect(x509(sameIntermediate.leaf.der).verify(x509(base.intermediate.der).publicKey)).toBe(true)
    expect(x509(sameIntermediate.ocspResponder.der).verify(x509(base.intermediate.der).publicKey)).toBe(true)

    const sameRoot = await createTestChain({ issuers: { root: base.root }, intermediateIsCa: false })
    expect(sameRoot.root).toBe(base.root)
    const intermediate = x509(sameRoot.intermediate.der)
    // The issuer Name is copied from the reused root, even though `names` was not passed again.
    expect(intermediate.checkIssued(x509(base.root.der))).toBe(true)
    expect(intermediate.verify(x509(base.root.der).publicKey)).toBe(true)
    expect(intermediate.ca).toBe(false)
    expect(x509(sameRoot.leaf.der).verify(intermediate.publicKey)).toBe(true)
    expect(x509(sameRoot.rootOcspResponder.der).verify(x509(base.root.der).publicKey)).toBe(true)
  })
})
