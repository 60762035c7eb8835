// Internal to the testing kit: makes fixture generation reproducible byte for byte. ECDSA
// signatures are randomised, so signing the same header and payload twice gives two different
// JWS. A signer wrapped here returns a previously committed JWS instead of the fresh one when
// the signing input (`header.payload`) is identical and the committed signature verifies under
// the signer's own leaf key; anything else gets the fresh signature.
import { signMethods } from './create-test-signer.js'
import type { TestSigner } from './create-test-signer.js'
import { fromBase64Url, utf8 } from './encoding.js'

const JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/

/** Known JWS by signing input; one input may have several (a valid one and tampered ones). */
export type KnownSignatures = Map<string, string[]>

function signingInput(jws: string): string {
  return jws.slice(0, jws.lastIndexOf('.'))
}

function decodePayload(jws: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(fromBase64Url(jws.split('.')[1] ?? '')))
  } catch {
    return undefined
  }
}

/** Every compact JWS inside `value` (JSON text, objects, arrays), nested JWS payloads included. */
export function collectSignatures(values: Iterable<unknown>, known: KnownSignatures = new Map()): KnownSignatures {
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      if (JWS.test(value) && value.length > 40) {
        const input = signingInput(value)
        const list = known.get(input) ?? []
        if (!list.includes(value)) known.set(input, [...list, value])
        visit(decodePayload(value))
      } else if (value.startsWith('{')) {
        try {
          visit(JSON.parse(value))
        } catch {
          // not JSON: nothing to collect
        }
      }
    } else if (Array.isArray(value)) {
      value.forEach(visit)
    } else if (typeof value === 'object' && value !== null) {
      Object.values(value).forEach(visit)
    }
  }
  for (const value of values) visit(value)
  return known
}

/**
 * `signer`, except that it hands back a known JWS whose signing input matches and whose signature
 * verifies, and the same JWS every time it signs the same input.
 */
export function reuseSignatures(signer: TestSigner, known: KnownSignatures): TestSigner {
  const key = signer.chain.leaf.publicKey
  const valid = async (jws: string): Promise<boolean> => {
    const signature = fromBase64Url(jws.slice(jws.lastIndexOf('.') + 1))
    if (signature.length !== 64) return false
    return globalThis.crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, signature, utf8(signingInput(jws)))
  }
  const pick = async (input: string, fresh: string): Promise<string> => {
    for (const candidate of known.get(input) ?? []) {
      if (await valid(candidate)) return candidate
    }
    return fresh
  }
  // The same input signed twice in one run (identical nested objects, concurrent negatives) must
  // give the same JWS too; the check-and-set below runs without an await in between.
  const chosen = new Map<string, Promise<string>>()
  const reuse = (fresh: string): Promise<string> => {
    const input = signingInput(fresh)
    const choice = chosen.get(input) ?? pick(input, fresh)
    chosen.set(input, choice)
    return choice
  }
  const sign: TestSigner['sign'] = async (payload, options) => reuse(await signer.sign(payload, options))
  return {
    rootCertificate: signer.rootCertificate,
    chain: signer.chain,
    x5c: signer.x5c,
    sign,
    signRaw: async (header, payload) => reuse(await signer.signRaw(header, payload)),
    ...signMethods(sign),
  }
}
