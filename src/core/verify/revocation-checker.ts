import type { ParsedCertificate } from './certificate.js'
import type { VerifiedChain } from './certificate-chain.js'
import { LruCache } from './lru-cache.js'
import { queryOcsp } from './ocsp.js'

/** Options of the OCSP revocation checker (only used with `onlineChecks: true`). */
export interface RevocationCheckerOptions {
  readonly fetch: typeof fetch
  readonly timeoutMs: number
  readonly now: () => number
}

/** Checks the leaf and the intermediate of a chain for revocation. */
export interface RevocationChecker {
  check(chain: VerifiedChain): Promise<void>
}

/** How long a good answer without `nextUpdate` is trusted. */
const DEFAULT_GOOD_FOR_MS = 60 * 60 * 1000

/**
 * Creates the OCSP checker. Good answers are cached per certificate until their `nextUpdate`
 * (bounded LRU), and concurrent checks of the same certificate share one request.
 */
export function createRevocationChecker(options: RevocationCheckerOptions): RevocationChecker {
  const goodUntil = new LruCache<string, number>(64)
  const inFlight = new Map<string, Promise<void>>()

  function checkOne(certificate: ParsedCertificate, issuer: ParsedCertificate, role: string): Promise<void> {
    const key = `${role}:${toHex(certificate.serialNumber)}:${toHex(issuer.spki)}`
    const until = goodUntil.get(key)
    if (until !== undefined && until > options.now()) return Promise.resolve()
    let pending = inFlight.get(key)
    if (pending === undefined) {
      pending = queryOcsp(certificate, issuer, { ...options, role })
        .then(({ nextUpdate }) => {
          goodUntil.set(key, nextUpdate ?? options.now() + DEFAULT_GOOD_FOR_MS)
        })
        .finally(() => inFlight.delete(key))
      inFlight.set(key, pending)
    }
    return pending
  }

  return {
    async check(chain) {
      await Promise.all([checkOne(chain.leaf, chain.intermediate, 'leaf'), checkOne(chain.intermediate, chain.root, 'intermediate')])
    },
  }
}

function toHex(bytes: Uint8Array): string {
  let hex = ''
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0')
  return hex
}
