import { AppStoreNotificationError } from '../errors.js'
import { bytesEqual, certificateSignatureP1363, parseCertificate } from './certificate.js'
import type { ParsedCertificate } from './certificate.js'
import type { CryptoBackend, EcPublicKey } from './crypto-backend.js'
import { decodeX5cEntry } from './jws.js'
import { LruCache } from './lru-cache.js'

/** Apple's marker extensions (apple.md §2.2): only their presence counts. */
export const OID_APPLE_RECEIPT_SIGNING_LEAF = '1.2.840.113635.100.6.11.1'
export const OID_APPLE_WWDR_INTERMEDIATE = '1.2.840.113635.100.6.2.1'

/** Clock skew tolerated on certificate validity, as Apple's library does. */
export const VALIDITY_TOLERANCE_MS = 60_000

/** A chain whose structure and signatures passed; dates are checked on every use. */
export interface VerifiedChain {
  readonly leaf: ParsedCertificate
  readonly intermediate: ParsedCertificate
  readonly root: ParsedCertificate
  readonly leafKey: EcPublicKey
}

/** A trusted root with its key imported once. */
interface TrustedRoot {
  readonly certificate: ParsedCertificate
  key?: Promise<EcPublicKey>
}

/**
 * Verifies `x5c` chains against the configured roots and remembers the verified ones in a bounded
 * LRU keyed by the exact leaf and intermediate strings, so a known chain costs one map lookup.
 * Only chains that passed every structural check are stored, and the LRU bound keeps even a flood
 * of distinct valid chains from growing memory.
 */
export class ChainVerifier {
  readonly #roots: readonly TrustedRoot[]
  readonly #backend: CryptoBackend
  readonly #cache: LruCache<string, Promise<VerifiedChain>>
  readonly #inFlight = new Map<string, Promise<VerifiedChain>>()

  constructor(roots: readonly ParsedCertificate[], backend: CryptoBackend, cacheSize: number) {
    this.#roots = roots.map((certificate) => ({ certificate }))
    this.#backend = backend
    this.#cache = new LruCache(cacheSize)
  }

  /** Number of chains currently cached. */
  get size(): number {
    return this.#cache.size
  }

  /** Returns the verified chain for `x5c`, verifying it on first sight (steps 4–8 of apple.md §2.3). */
  resolve(x5c: readonly [string, string, string], key: string = `${x5c[0]}|${x5c[1]}`): Promise<VerifiedChain> {
    const cached = this.#cache.get(key) ?? this.#inFlight.get(key)
    if (cached !== undefined) return cached
    // Concurrent first sightings share one verification; only a chain that passed enters the
    // LRU, so invalid chains can neither be cached nor evict valid ones.
    const pending = this.#verify(x5c[0], x5c[1])
    this.#inFlight.set(key, pending)
    pending.then(
      () => this.#cache.set(key, pending),
      () => undefined,
    ).finally(() => this.#inFlight.delete(key))
    return pending
  }

  async #verify(leafEntry: string, intermediateEntry: string): Promise<VerifiedChain> {
    const leaf = parseCertificate(decodeX5cEntry(leafEntry, 'leaf'), 'leaf')
    const intermediate = parseCertificate(decodeX5cEntry(intermediateEntry, 'intermediate'), 'intermediate')

    const root = await this.#findIssuingRoot(intermediate)
    if (!bytesEqual(leaf.issuer, intermediate.subject)) {
      throw new AppStoreNotificationError(
        'ERR_CHAIN_ISSUER_MISMATCH',
        `leaf certificate "${leaf.subjectCommonName}" names a different issuer than the intermediate "${intermediate.subjectCommonName}"`,
      )
    }
    const intermediateKey = await this.#importCaKey(intermediate)
    if (intermediateKey === null || !(await this.#signedBy(leaf, intermediateKey))) {
      throw new AppStoreNotificationError(
        'ERR_CHAIN_SIGNATURE_INVALID',
        `leaf certificate "${leaf.subjectCommonName}" is not signed by the intermediate "${intermediate.subjectCommonName}"`,
      )
    }
    if (!intermediate.isCertificateAuthority) {
      throw new AppStoreNotificationError(
        'ERR_CHAIN_INTERMEDIATE_NOT_CA',
        `intermediate certificate "${intermediate.subjectCommonName}" lacks basicConstraints cA=TRUE`,
      )
    }
    if (!leaf.extensions.has(OID_APPLE_RECEIPT_SIGNING_LEAF)) {
      throw new AppStoreNotificationError(
        'ERR_CERT_LEAF_OID_MISSING',
        `leaf certificate "${leaf.subjectCommonName}" lacks Apple's receipt-signing extension ${OID_APPLE_RECEIPT_SIGNING_LEAF}`,
      )
    }
    if (!intermediate.extensions.has(OID_APPLE_WWDR_INTERMEDIATE)) {
      throw new AppStoreNotificationError(
        'ERR_CERT_INTERMEDIATE_OID_MISSING',
        `intermediate certificate "${intermediate.subjectCommonName}" lacks Apple's WWDR extension ${OID_APPLE_WWDR_INTERMEDIATE}`,
      )
    }
    if (leaf.curve !== 'P-256') {
      throw new AppStoreNotificationError(
        'ERR_CERT_LEAF_KEY_UNSUPPORTED',
        `leaf certificate key must be EC P-256 for ES256, found ${leaf.curve ?? 'a non-EC key'}`,
      )
    }
    const leafKey = await this.#backend.importSpki(leaf.spki, 'P-256')
    return { leaf, intermediate, root: root.certificate, leafKey }
  }

  /** Step 5: a configured root whose subject is the intermediate's issuer and whose key signed it. */
  async #findIssuingRoot(intermediate: ParsedCertificate): Promise<TrustedRoot> {
    for (const root of this.#roots) {
      if (!bytesEqual(root.certificate.subject, intermediate.issuer)) continue
      root.key ??= this.#importCaKey(root.certificate).then((key) => {
        if (key === null) throw new Error('unusable root key')
        return key
      })
      const key = await root.key.catch(() => null)
      if (key !== null && (await this.#signedBy(intermediate, key))) return root
    }
    throw new AppStoreNotificationError(
      'ERR_CHAIN_UNTRUSTED_ROOT',
      `intermediate certificate "${intermediate.subjectCommonName}" is not issued by any configured root certificate` +
        ' (the root inside x5c is never trusted; in tests, pass createTestSigner().rootCertificate as rootCertificates)',
    )
  }

  async #importCaKey(certificate: ParsedCertificate): Promise<EcPublicKey | null> {
    if (certificate.curve === null) return null
    try {
      return await this.#backend.importSpki(certificate.spki, certificate.curve)
    } catch {
      return null
    }
  }

  async #signedBy(certificate: ParsedCertificate, issuerKey: EcPublicKey): Promise<boolean> {
    if (certificate.signatureHash === null) return false
    const signature = certificateSignatureP1363(certificate, issuerKey.curve)
    if (signature === null) return false
    try {
      return await this.#backend.verify(issuerKey, certificate.signatureHash, signature, certificate.tbs)
    } catch {
      return false
    }
  }
}

/** Step 9: every certificate of the chain valid at `effectiveDate`, ±60 s. */
export function checkChainValidity(chain: VerifiedChain, effectiveDate: number, dateSource: string): void {
  for (const [role, certificate] of [['leaf', chain.leaf], ['intermediate', chain.intermediate], ['root', chain.root]] as const) {
    if (certificate.notBefore > effectiveDate + VALIDITY_TOLERANCE_MS) {
      throw new AppStoreNotificationError(
        'ERR_CERT_NOT_YET_VALID',
        `${role} certificate "${certificate.subjectCommonName}" is valid only from ${iso(certificate.notBefore)}, after ${dateSource} ${iso(effectiveDate)}`,
      )
    }
    if (certificate.notAfter < effectiveDate - VALIDITY_TOLERANCE_MS) {
      throw new AppStoreNotificationError(
        'ERR_CERT_EXPIRED',
        `${role} certificate "${certificate.subjectCommonName}" expired ${iso(certificate.notAfter)}, before ${dateSource} ${iso(effectiveDate)}` +
          ' (offline, validity is judged at the payload date; with onlineChecks the current time is used)',
      )
    }
  }
}

function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms)
}
