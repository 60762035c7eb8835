import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { createAuthToken, normalizePrivateKey } from '../../../src/core/api/auth-token.js'
import { createTestCredentials, type TestCredentials } from './apple-server-mock.js'

let credentials: TestCredentials
beforeAll(async () => {
  credentials = await createTestCredentials()
})

const source = (now: () => number, privateKey = credentials.privateKey) =>
  createAuthToken({ issuerId: credentials.issuerId, keyId: credentials.keyId, bundleId: credentials.bundleId, privateKey, now })

describe('createAuthToken', () => {
  it('signs the header and claims Apple requires, verifiable with the public key', async () => {
    const now = 1_767_225_600_500
    const token = await source(() => now).get()
    const { payload } = await jwtVerify(token, credentials.keys.publicKey, { currentDate: new Date(now) })
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', kid: credentials.keyId, typ: 'JWT' })
    expect(payload).toEqual({
      iss: credentials.issuerId,
      iat: 1_767_225_600,
      exp: 1_767_225_900,
      aud: 'appstoreconnect-v1',
      bid: credentials.bundleId,
    })
  })

  it('renews 60 s before exp and after invalidate', async () => {
    let now = 1_767_225_600_000
    const tokens = source(() => now)
    const first = await tokens.get()
    now += 239_000
    expect(await tokens.get()).toBe(first)
    now += 1_000
    const second = await tokens.get()
    expect(decodeJwt(second).iat).toBe(1_767_225_840)
    tokens.invalidate('someone else’s token')
    expect(await tokens.get()).toBe(second)
    tokens.invalidate(second)
    expect(await tokens.get()).not.toBe(second)
  })

  it('accepts the PEM with escaped line breaks and the bare base64 body', async () => {
    const escaped = credentials.privateKey.replace(/\n/g, '\\n')
    const bare = credentials.privateKey.replace(/-----[A-Z ]+-----/g, '').replace(/\s/g, '')
    for (const privateKey of [escaped, bare]) {
      const token = await source(() => Date.now(), privateKey).get()
      await expect(jwtVerify(token, credentials.keys.publicKey)).resolves.toBeDefined()
    }
  })

  it('rejects a key that is not P-256 when first used', async () => {
    const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, true, ['sign', 'verify'])
    const der = new Uint8Array(await crypto.subtle.exportKey('pkcs8', keys.privateKey))
    const pem = `-----BEGIN PRIVATE KEY-----\n${btoa(String.fromCharCode(...der))}\n-----END PRIVATE KEY-----`
    await expect(source(() => Date.now(), pem).get()).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID' })
  })
})

describe('normalizePrivateKey', () => {
  it.each([
    ['empty', ''],
    ['a key id', '2X9R4HXF34'],
    ['a file path', './SubscriptionKey_2X9R4HXF34.p8'],
    ['a SEC1 key', '-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----'],
    ['a certificate', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'],
  ])('rejects %s with ERR_CONFIG_INVALID', (_name, value) => {
    expect(() => normalizePrivateKey(value)).toThrow(expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }))
  })
})
