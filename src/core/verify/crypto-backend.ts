import type { HashName, NamedCurve } from './certificate.js'

/** An imported EC public key, opaque to callers: a `CryptoKey` or, on Node, a `KeyObject`. */
export interface EcPublicKey {
  readonly curve: NamedCurve
  readonly handle: unknown
}

/**
 * The two primitives verification needs. `webcrypto` works on every runtime; `node` calls Node's
 * synchronous `crypto.verify`, which skips Web Crypto's thread-pool hop and runs a P-256 check
 * about 2–3× faster.
 */
export interface CryptoBackend {
  readonly name: 'webcrypto' | 'node'
  importSpki(spki: Uint8Array, curve: NamedCurve): Promise<EcPublicKey>
  /** Verifies a raw `r‖s` ECDSA signature. */
  verify(key: EcPublicKey, hash: HashName, signature: Uint8Array, data: Uint8Array): Promise<boolean> | boolean
}

/**
 * Which crypto implementation the verifier uses: `auto` (the default) takes Node's native
 * `crypto.verify` when running on Node and Web Crypto everywhere else; `webcrypto` forces Web Crypto.
 *
 * @example
 * createNotificationVerifier({ bundleId, environment: 'Sandbox', crypto: 'webcrypto' })
 *
 * Exported from `app-store-notifications`.
 */
export type CryptoPreference = 'auto' | 'webcrypto'

interface NodeCryptoSubset {
  createPublicKey(options: { key: Uint8Array; format: 'der'; type: 'spki' }): unknown
  verify(algorithm: string, data: Uint8Array, key: { key: unknown; dsaEncoding: 'ieee-p1363' }, signature: Uint8Array): boolean
}

const NODE_HASHES: Record<HashName, string> = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' }

/** Chooses the backend for a preference; the Node one is reached at run time, never imported statically. */
export function createCryptoBackend(preference: CryptoPreference = 'auto'): CryptoBackend {
  const nodeCrypto = preference === 'auto' ? detectNodeCrypto() : null
  return nodeCrypto !== null && passesSelfTest(nodeCrypto) ? nodeCryptoBackend(nodeCrypto) : webCryptoBackend()
}

// A P-256 key and its signature of SELF_TEST_MESSAGE: runtimes that imitate `node:crypto` only in
// part (workerd's nodejs_compat rejects KeyObjects in `verify`) fail this and keep Web Crypto.
const SELF_TEST_SPKI =
  'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEki3PDhmPStQlEh5e3nItj3yq2KUwO9MYAsOoaYpYJSvcLJNgUrYNCoQx/1eocf/PYOvOThYoyc3N1m6P+wHphQ=='
const SELF_TEST_SIGNATURE = 'j/vneN+2ehbv7WIj9TNFRq25DuFTdqRUZq8EdShGNjUVHsaCMcvvyO412ovoRV4ppT6htmUya3+w0yFKJQbuGQ=='
const SELF_TEST_MESSAGE = 'app-store-notifications self-test'

function passesSelfTest(nodeCrypto: NodeCryptoSubset): boolean {
  try {
    const bytes = (base64: string): Uint8Array => Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))
    const key = nodeCrypto.createPublicKey({ key: bytes(SELF_TEST_SPKI), format: 'der', type: 'spki' })
    const data = new TextEncoder().encode(SELF_TEST_MESSAGE)
    const signature = bytes(SELF_TEST_SIGNATURE)
    const tampered = new TextEncoder().encode(`${SELF_TEST_MESSAGE}!`)
    const verify = (message: Uint8Array): boolean => nodeCrypto.verify('sha256', message, { key, dsaEncoding: 'ieee-p1363' }, signature)
    return verify(data) && !verify(tampered)
  } catch {
    return false
  }
}

function webCryptoBackend(): CryptoBackend {
  const subtle = globalThis.crypto.subtle
  return {
    name: 'webcrypto',
    async importSpki(spki, curve) {
      // A fresh Uint8Array copy: edge sandboxes reject buffers from another realm.
      const handle = await subtle.importKey('spki', new Uint8Array(spki), { name: 'ECDSA', namedCurve: curve }, false, ['verify'])
      return { curve, handle }
    },
    verify(key, hash, signature, data) {
      return subtle.verify({ name: 'ECDSA', hash }, key.handle as CryptoKey, new Uint8Array(signature), new Uint8Array(data))
    },
  }
}

function nodeCryptoBackend(nodeCrypto: NodeCryptoSubset): CryptoBackend {
  return {
    name: 'node',
    async importSpki(spki, curve) {
      return { curve, handle: nodeCrypto.createPublicKey({ key: spki, format: 'der', type: 'spki' }) }
    },
    verify(key, hash, signature, data) {
      try {
        return nodeCrypto.verify(NODE_HASHES[hash], data, { key: key.handle, dsaEncoding: 'ieee-p1363' }, signature)
      } catch {
        return false
      }
    },
  }
}

function detectNodeCrypto(): NodeCryptoSubset | null {
  const runtime = globalThis as {
    process?: { versions?: Record<string, string | undefined>; getBuiltinModule?: (id: string) => unknown }
    Deno?: unknown
    navigator?: { userAgent?: unknown }
  }
  const process = runtime.process
  // Bun, Deno and Cloudflare Workers expose a `process` too; they keep the standard Web Crypto path.
  // (workerd's nodejs_compat, the default from compatibility date 2026-08-04, reports a Node version,
  // but its node:crypto `verify` rejects the KeyObject this backend passes.)
  if (process?.versions?.node === undefined || process.versions.bun !== undefined || runtime.Deno !== undefined) return null
  if (runtime.navigator?.userAgent === 'Cloudflare-Workers') return null
  if (typeof process.getBuiltinModule !== 'function') return null
  const candidate = process.getBuiltinModule('node:crypto') as Partial<NodeCryptoSubset> | undefined
  return typeof candidate?.verify === 'function' && typeof candidate.createPublicKey === 'function'
    ? (candidate as NodeCryptoSubset)
    : null
}
