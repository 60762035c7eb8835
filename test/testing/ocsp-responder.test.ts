import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'
import { beforeAll, describe, expect, it } from 'vitest'
import { createTestChain, type TestChain } from '../../src/testing/create-test-chain.js'
import { createOcspResponse } from '../../src/testing/ocsp-responder.js'

const NONCE_OID = '1.3.6.1.5.5.7.48.1.2'
const engine = new pkijs.CryptoEngine({ name: 'test', crypto: globalThis.crypto })

interface Parsed {
  readonly responseStatus: number
  readonly basic?: pkijs.BasicOCSPResponse
}

async function requestFor(
  certificate: Uint8Array<ArrayBuffer>,
  issuer: Uint8Array<ArrayBuffer>,
  nonce?: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array> {
  const request = new pkijs.OCSPRequest()
  await request.createForCertificate(
    pkijs.Certificate.fromBER(certificate),
    { hashAlgorithm: 'SHA-256', issuerCertificate: pkijs.Certificate.fromBER(issuer) },
    engine,
  )
  if (nonce !== undefined) {
    request.tbsRequest.requestExtensions = [
      new pkijs.Extension({ extnID: NONCE_OID, extnValue: new asn1js.OctetString({ valueHex: nonce }).toBER() }),
    ]
  }
  return new Uint8Array(request.toSchema(true).toBER())
}

function parse(der: Uint8Array<ArrayBuffer>): Parsed {
  const response = pkijs.OCSPResponse.fromBER(der)
  const responseStatus = response.responseStatus.valueBlock.valueDec
  if (response.responseBytes === undefined) return { responseStatus }
  expect(response.responseBytes.responseType).toBe('1.3.6.1.5.5.7.48.1.1')
  return { responseStatus, basic: pkijs.BasicOCSPResponse.fromBER(new Uint8Array(response.responseBytes.response.valueBlock.valueHexView)) }
}

describe('createOcspResponse', () => {
  let chain: TestChain
  let root: pkijs.Certificate
  let intermediate: pkijs.Certificate
  let leaf: pkijs.Certificate
  let leafRequest: Uint8Array
  beforeAll(async () => {
    chain = await createTestChain()
    root = pkijs.Certificate.fromBER(chain.root.der)
    intermediate = pkijs.Certificate.fromBER(chain.intermediate.der)
    leaf = pkijs.Certificate.fromBER(chain.leaf.der)
    leafRequest = await requestFor(chain.leaf.der, chain.intermediate.der)
  })

  it('answers "good" for the leaf, signed by the delegated responder, verifiable by pkijs', async () => {
    const now = new Date('2026-03-01T10:00:30.250Z')
    const { responseStatus, basic } = parse(await createOcspResponse({ chain, request: leafRequest, status: 'good', now }))
    expect(responseStatus).toBe(0)
    if (basic === undefined) throw new Error('no BasicOCSPResponse')
    expect(await basic.verify({ trustedCerts: [root], issuerCerts: [intermediate] }, engine)).toBe(true)
    expect(await basic.getCertificateStatus(leaf, intermediate, engine)).toMatchObject({ isForCertificate: true, status: 0 })
    const [single] = basic.tbsResponseData.responses
    expect(single?.thisUpdate.toISOString()).toBe('2026-03-01T09:59:30.000Z')
    expect(single?.nextUpdate?.toISOString()).toBe('2026-03-01T21:59:30.000Z')
    expect(basic.certs?.map((certificate) => new Uint8Array(certificate.toSchema().toBER()))).toEqual([chain.ocspResponder.der])
    expect(basic.tbsResponseData.responseExtensions).toBeUndefined()
  })

  it('answers for the intermediate with the root\'s delegated responder', async () => {
    const request = await requestFor(chain.intermediate.der, chain.root.der)
    const { basic } = parse(await createOcspResponse({ chain, request, status: 'good' }))
    if (basic === undefined) throw new Error('no BasicOCSPResponse')
    expect(await basic.verify({ trustedCerts: [root], issuerCerts: [root] }, engine)).toBe(true)
    expect(await basic.getCertificateStatus(intermediate, root, engine)).toMatchObject({ isForCertificate: true, status: 0 })
    expect(new Uint8Array(basic.certs?.[0]?.toSchema().toBER() ?? new ArrayBuffer(0))).toEqual(chain.rootOcspResponder.der)
  })

  it('reports revoked and unknown, with the revocation time', async () => {
    const revokedAt = new Date('2025-12-24T08:00:00Z')
    const revoked = parse(await createOcspResponse({ chain, request: leafRequest, status: 'revoked', revokedAt })).basic
    expect(await revoked?.getCertificateStatus(leaf, intermediate, engine)).toMatchObject({ status: 1 })
    const certStatus = revoked?.tbsResponseData.responses[0]?.certStatus as asn1js.Constructed
    expect((certStatus.valueBlock.value[0] as asn1js.GeneralizedTime).toDate().toISOString()).toBe(revokedAt.toISOString())
    const unknown = parse(await createOcspResponse({ chain, request: leafRequest, status: 'unknown' })).basic
    expect(await unknown?.getCertificateStatus(leaf, intermediate, engine)).toMatchObject({ status: 2 })
  })

  it('echoes the nonce and can omit nextUpdate', async () => {
    const nonce = crypto.getRandomValues(new Uint8Array(16))
    const request = await requestFor(chain.leaf.der, chain.intermediate.der, nonce)
    const { basic } = parse(await createOcspResponse({ chain, request, status: 'good', nextUpdate: null }))
    const [extension] = basic?.tbsResponseData.responseExtensions ?? []
    expect(extension?.extnID).toBe(NONCE_OID)
    const echoed = asn1js.fromBER(extension?.extnValue.valueBlock.valueHexView ?? new Uint8Array(0)).result as asn1js.OctetString
    expect(new Uint8Array(echoed.valueBlock.valueHexView)).toEqual(nonce)
    expect(basic?.tbsResponseData.responses[0]?.nextUpdate).toBeUndefined()
  })

  it('signs with the issuer itself, by key id, when asked', async () => {
    const { basic } = parse(
      await createOcspResponse({ chain, request: leafRequest, status: 'good', signer: 'issuer', responderId: 'byKey' }),
    )
    if (basic === undefined) throw new Error('no BasicOCSPResponse')
    expect(new Uint8Array(basic.certs?.[0]?.toSchema().toBER() ?? new ArrayBuffer(0))).toEqual(chain.intermediate.der)
    expect(basic.tbsResponseData.responderID).toBeInstanceOf(asn1js.OctetString)
    expect(await basic.verify({ trustedCerts: [root], issuerCerts: [intermediate] }, engine)).toBe(true)
    const bare = parse(
      await createOcspResponse({ chain, request: leafRequest, status: 'good', signer: 'issuer', embedCertificate: false }),
    )
    expect(bare.basic?.certs).toBeUndefined()
  })

  it('gives a foreign responder that does not chain to the issuer', async () => {
    const { basic } = parse(await createOcspResponse({ chain, request: leafRequest, status: 'good', signer: 'foreign' }))
    if (basic === undefined) throw new Error('no BasicOCSPResponse')
    const embedded = basic.certs?.[0]
    expect(embedded?.subject.isEqual(pkijs.Certificate.fromBER(chain.ocspResponder.der).subject)).toBe(true)
    expect(await embedded?.verify(intermediate, engine)).toBe(false)
    await expect(basic.verify({ trustedCerts: [root], issuerCerts: [intermediate] }, engine)).rejects.toThrow()
  })

  it('returns an error response without a body for other response statuses', async () => {
    expect(parse(await createOcspResponse({ chain, request: leafRequest, status: 'good', responseStatus: 'tryLater' }))).toEqual({
      responseStatus: 3,
    })
  })

  it('refuses a request about a certificate from another chain', async () => {
    const other = await createTestChain()
    const request = await requestFor(other.leaf.der, other.intermediate.der)
    await expect(createOcspResponse({ chain, request, status: 'good' })).rejects.toThrow(TypeError)
  })
})
