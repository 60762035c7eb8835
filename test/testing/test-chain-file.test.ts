import { X509Certificate } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { createTestChain, type TestChain } from '../../src/testing/create-test-chain.js'
import { createTestSigner } from '../../src/testing/create-test-signer.js'
import { exportTestChain, importTestChain } from '../../src/testing/test-chain-file.js'

let chain: TestChain
beforeAll(async () => {
  chain = await createTestChain()
})

describe('exportTestChain / importTestChain', () => {
  it('writes PEM that OpenSSL reads, and a loud warning', async () => {
    const file = await exportTestChain(chain)
    expect(file.warning).toMatch(/never trust this root outside tests/i)
    expect(new X509Certificate(file.root.certificate).raw).toEqual(Buffer.from(chain.root.der))
    expect(file.leaf.privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----\n([A-Za-z0-9+/=]{1,64}\n)+-----END PRIVATE KEY-----\n$/)
  })

  it('round-trips: the imported chain signs JWS the original root verifies, and exports to the same text', async () => {
    const file = await exportTestChain(chain)
    const imported = await importTestChain(JSON.parse(JSON.stringify(file)))
    expect(imported.leaf.der).toEqual(chain.leaf.der)
    expect(imported.leaf.base64).toBe(chain.leaf.base64)
    expect(await exportTestChain(imported)).toEqual(file)
    const signer = await createTestSigner({ chain: imported })
    const jws = await signer.sign({ hello: 'world' })
    const [header = '', payload = '', signature = ''] = jws.split('.')
    const valid = await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, chain.leaf.publicKey,
      Buffer.from(signature, 'base64url'), new TextEncoder().encode(`${header}.${payload}`))
    expect(valid).toBe(true)
    expect((imported.root.publicKey.algorithm as EcKeyAlgorithm).namedCurve).toBe('P-384')
  })

  it('names the part that is missing or does not match its certificate', async () => {
    const file = await exportTestChain(chain)
    await expect(importTestChain({ ...file, leaf: { ...file.leaf, privateKey: file.intermediate.privateKey } })).rejects.toThrow(/leaf/)
    await expect(importTestChain({ ...file, leaf: { ...file.leaf, privateKey: file.ocspResponder.privateKey } })).rejects.toThrow(/leaf: the private key does not belong/)
    await expect(importTestChain({ ...file, root: { certificate: 'nope', privateKey: file.root.privateKey } })).rejects.toThrow(/CERTIFICATE/)
    await expect(importTestChain({ ...file, intermediate: undefined } as never)).rejects.toThrow(/"intermediate" needs a certificate/)
    await expect(importTestChain(null as never)).rejects.toThrow(TypeError)
  })
})
