import { compactVerify, decodeProtectedHeader, importX509 } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { createTestSigner, type TestSigner } from '../../src/testing/create-test-signer.js'
import { createNegativeVariants, type NegativeVariants, tamperJws } from '../../src/testing/negative-variants.js'

const payload = { notificationType: 'TEST', signedDate: Date.UTC(2025, 0, 1) }

const parts = (jws: string): [string, string, string] => {
  const [header = '', body = '', signature = ''] = jws.split('.')
  return [header, body, signature]
}
const decode = (segment: string): string => Buffer.from(segment, 'base64url').toString()

describe('negative variants', () => {
  let signer: TestSigner
  let negative: NegativeVariants
  let leafKey: CryptoKey
  /** Whether the JWS signature is a valid ES256 signature by the leaf over the received bytes. */
  let signatureValid: (jws: string) => Promise<boolean>

  beforeAll(async () => {
    signer = await createTestSigner()
    negative = createNegativeVariants(signer)
    leafKey = signer.chain.leaf.publicKey
    signatureValid = async (jws) => {
      const [header, body, signature] = parts(jws)
      return crypto.subtle.verify(
        { name: 'ECDSA', hash: 'SHA-256' },
        leafKey,
        Buffer.from(signature, 'base64url'),
        new TextEncoder().encode(`${header}.${body}`),
      )
    }
  })

  describe('tamperJws', () => {
    it('breaks only the signature when the header or payload is tampered with', async () => {
      const jws = await signer.sign(payload)
      for (const part of ['header', 'payload'] as const) {
        const tampered = tamperJws(jws, part)
        const index = part === 'header' ? 0 : 1
        expect(parts(tampered)[index]).not.toBe(parts(jws)[index])
        expect(parts(tampered)[index]).toMatch(/^[A-Za-z0-9_-]+$/)
        expect(JSON.parse(decode(parts(tampered)[index]))).toEqual(JSON.parse(decode(parts(jws)[index])))
        expect(await signatureValid(tampered)).toBe(false)
      }
    })

    it('changes one signature character and keeps 64 bytes', async () => {
      const jws = await signer.sign(payload)
      const tampered = tamperJws(jws, 'signature')
      const [, , original] = parts(jws)
      const [, , changed] = parts(tampered)
      expect([...changed].filter((char, index) => char !== original[index])).toHaveLength(1)
      expect(Buffer.from(changed, 'base64url')).toHaveLength(64)
      expect(await signatureValid(tampered)).toBe(false)
    })

    it('refuses input that is not a compact JWS', () => {
      expect(() => tamperJws('a.b', 'signature')).toThrow(TypeError)
      expect(() => tamperJws('a.b.', 'signature')).toThrow(TypeError)
    })
  })

  it('keeps a valid signature on the header variants, so only the header check can fail', async () => {
    const cases: [Promise<string>, Record<string, unknown>][] = [
      [negative.withAlgNone(payload), { alg: 'none', x5c: [...signer.x5c] }],
      [negative.withAlg(payload, 'ES384'), { alg: 'ES384', x5c: [...signer.x5c] }],
      [
        negative.withCrit(payload),
        { alg: 'ES256', x5c: [...signer.x5c], crit: ['urn:example:unknown'], 'urn:example:unknown': true },
      ],
      [negative.withoutX5c(payload), { alg: 'ES256' }],
      [negative.withX5cLength(payload, 2), { alg: 'ES256', x5c: signer.x5c.slice(0, 2) }],
      [negative.withX5cLength(payload, 4), { alg: 'ES256', x5c: [...signer.x5c, signer.x5c[2]] }],
      [negative.withX5c(payload, 'not-an-array'), { alg: 'ES256', x5c: 'not-an-array' }],
    ]
    for (const [variant, header] of cases) {
      const jws = await variant
      expect(decodeProtectedHeader(jws)).toEqual(header)
      expect(JSON.parse(decode(parts(jws)[1]))).toEqual(payload)
      expect(await signatureValid(jws)).toBe(true)
    }
  })

  it('breaks the signature encoding on the signature variants', async () => {
    const empty = await negative.withEmptySignature(payload)
    expect(empty.endsWith('.')).toBe(true)
    expect(decodeProtectedHeader(empty)).toEqual({ alg: 'ES256', x5c: [...signer.x5c] })

    const truncated = await negative.withTruncatedSignature(payload)
    expect(Buffer.from(parts(truncated)[2], 'base64url')).toHaveLength(63)

    const der = Buffer.from(parts(await negative.withDerSignature(payload))[2], 'base64url')
    expect(der[0]).toBe(0x30)
    expect(der[1]).toBe(der.length - 2)
    expect(der.length).toBeGreaterThanOrEqual(8)
    expect(der.length).toBeLessThanOrEqual(72)
  })

  it('leaves the genuine JWS acceptable to jose, as a control', async () => {
    const key = await importX509(`-----BEGIN CERTIFICATE-----\n${signer.x5c[0]}\n-----END CERTIFICATE-----`, 'ES256')
    await expect(compactVerify(await signer.sign(payload), key, { algorithms: ['ES256'] })).resolves.toBeDefined()
    await expect(compactVerify(await negative.withDerSignature(payload), key, { algorithms: ['ES256'] })).rejects.toThrow()
  })
})
