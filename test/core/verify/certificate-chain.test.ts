import { beforeAll, describe, expect, it, vi } from 'vitest'
import { createNotificationVerifier } from 'app-store-notifications'
import { createTestSigner } from 'app-store-notifications/testing'
import type { TestSigner } from 'app-store-notifications/testing'
import { parseCertificate } from '../../../src/core/verify/certificate.js'
import { ChainVerifier } from '../../../src/core/verify/certificate-chain.js'
import { createCryptoBackend } from '../../../src/core/verify/crypto-backend.js'
import { BUNDLE_ID, SIGNED_DATE, transactionPayload } from '../../helpers/payloads.js'

let signer: TestSigner
beforeAll(async () => {
  signer = await createTestSigner()
})

describe('ChainVerifier cache', () => {
  const chains = (size: number) => new ChainVerifier([parseCertificate(signer.rootCertificate, 'root')], createCryptoBackend(), size)

  it('parses and verifies a known chain once: the same verified chain object comes back', async () => {
    const verifier = chains(4)
    const first = await verifier.resolve(signer.x5c)
    const again = await verifier.resolve([...signer.x5c] as [string, string, string])
    expect(again).toBe(first)
    expect(verifier.size).toBe(1)
  })

  it('stays bounded when many distinct valid chains arrive, and caches no failure', async () => {
    const signers = await Promise.all(Array.from({ length: 5 }, () => createTestSigner()))
    const roots = signers.map((each) => parseCertificate(each.rootCertificate, 'root'))
    const verifier = new ChainVerifier(roots, createCryptoBackend(), 3)
    const first = await verifier.resolve(signers[0]!.x5c)
    for (const each of signers) await verifier.resolve(each.x5c)
    expect(verifier.size).toBe(3)
    expect(await verifier.resolve(signers[0]!.x5c)).not.toBe(first) // evicted, verified again
    await expect(verifier.resolve(signer.x5c)).rejects.toMatchObject({ code: 'ERR_CHAIN_UNTRUSTED_ROOT' })
    expect(verifier.size).toBe(3)
  })

  it('re-checks dates on every cache hit', async () => {
    const shortLived = await createTestSigner({ validity: { leaf: { notBefore: new Date('2024-01-01'), notAfter: new Date('2027-01-01') } } })
    const v = createNotificationVerifier({ bundleId: BUNDLE_ID, environment: 'Sandbox', rootCertificates: [shortLived.rootCertificate] })
    await expect(v.verifyTransaction(await shortLived.sign(transactionPayload()))).resolves.toBeDefined()
    const late = transactionPayload({ signedDate: Date.parse('2027-06-01') })
    await expect(v.verifyTransaction(await shortLived.sign(late))).rejects.toMatchObject({ code: 'ERR_CERT_EXPIRED' })
    await expect(v.verifyTransaction(await shortLived.sign(transactionPayload({ signedDate: SIGNED_DATE })))).resolves.toBeDefined()
  })
})

describe('crypto backends', () => {
  it('detects the Node fast path and lets Web Crypto be forced', () => {
    expect(createCryptoBackend().name).toBe('node')
    expect(createCryptoBackend('auto').name).toBe('node')
    expect(createCryptoBackend('webcrypto').name).toBe('webcrypto')
  })

  it('keeps Web Crypto where node:crypto is only imitated (workerd nodejs_compat) or fails its self-test', async () => {
    const nodeCrypto = await import('node:crypto')
    const getBuiltinModule = process.getBuiltinModule
    try {
      const rejectingKeyObjects = { ...nodeCrypto, verify: () => { throw new TypeError('options.key must be a string or Buffer') } }
      process.getBuiltinModule = ((id: string) => (id === 'node:crypto' ? rejectingKeyObjects : getBuiltinModule(id))) as typeof getBuiltinModule
      expect(createCryptoBackend().name).toBe('webcrypto')
      const alwaysTrue = { ...nodeCrypto, verify: () => true }
      process.getBuiltinModule = ((id: string) => (id === 'node:crypto' ? alwaysTrue : getBuiltinModule(id))) as typeof getBuiltinModule
      expect(createCryptoBackend().name).toBe('webcrypto')
    } finally {
      process.getBuiltinModule = getBuiltinModule
    }
    vi.stubGlobal('navigator', { userAgent: 'Cloudflare-Workers' })
    try {
      expect(createCryptoBackend().name).toBe('webcrypto')
    } finally {
      vi.unstubAllGlobals()
    }
    expect(createCryptoBackend().name).toBe('node')
  })

  it('both backends agree on valid and invalid signatures', async () => {
    const leaf = parseCertificate(signer.chain.leaf.der, 'leaf')
    const data = new TextEncoder().encode('hello')
    const signature = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, signer.chain.leaf.privateKey, data))
    for (const backend of [createCryptoBackend('auto'), createCryptoBackend('webcrypto')]) {
      const key = await backend.importSpki(leaf.spki, 'P-256')
      expect(await backend.verify(key, 'SHA-256', signature, data)).toBe(true)
      expect(await backend.verify(key, 'SHA-256', signature, new TextEncoder().encode('hellO'))).toBe(false)
      expect(await backend.verify(key, 'SHA-256', signature.subarray(1), data)).toBe(false)
    }
  })
})
