import { base64url } from 'jose'
import { AppStoreNotificationError } from '../errors.js'
import type { LruCache } from './lru-cache.js'

/** A compact JWS split into the parts verification needs, with header checks (steps 1–3) done. */
export interface ParsedJws {
  readonly header: Readonly<Record<string, unknown>>
  /** `x5c` exactly as received: standard base64 DER, leaf first. */
  readonly x5c: readonly [string, string, string]
  /** Key of the chain cache for this `x5c`. */
  readonly chainKey: string
  /** The decoded payload JSON (not yet trusted). */
  readonly payload: Record<string, unknown>
  /** ASCII bytes of the received `header.payload`; never re-encoded. */
  readonly signingInput: Uint8Array
  /** Raw `r‖s` signature bytes. */
  readonly signature: Uint8Array
}

const BASE64URL = /^[A-Za-z0-9_-]+$/
const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

/** A checked JWS header: what steps 1–3 established, reusable for every JWS with the same header. */
export interface CheckedHeader {
  readonly header: Readonly<Record<string, unknown>>
  readonly x5c: readonly [string, string, string]
  /** The chain cache key, built once so its hash is computed once. */
  readonly chainKey: string
  /** The header segment itself, and its ASCII bytes followed by ".", reused in the signing input. */
  readonly headerPart: string
  readonly signingPrefix: Uint8Array
}

/** Characters of the header segment that key the cache: they cover the leaf's serial number. */
const HEADER_KEY_CHARS = 160

/**
 * Splits and checks a compact JWS: three non-empty base64url segments, a JSON-object header with
 * `alg` exactly `ES256`, no `crit`, and `x5c` an array of exactly three strings; the payload must be a
 * JSON object. `what` names the object in error messages (e.g. "signedTransactionInfo").
 *
 * Apple's header is the same ~4 KB for every JWS signed by one leaf, so a checked header is
 * remembered in `headerCache` (only headers that passed every check) and not decoded again.
 */
export function parseCompactJws(jws: string, what: string, headerCache?: LruCache<string, CheckedHeader>): ParsedJws {
  const parts = jws.split('.')
  if (parts.length !== 3) {
    throw malformed(`${what} must be a compact JWS with 3 dot-separated parts, found ${parts.length}`)
  }
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string]
  // Hashing a 4 KB string costs more than the rest of the parse; a prefix picks the entry and a
  // full comparison (a memcmp) confirms it, so a prefix collision is only a cache miss.
  const cacheKey = headerCache === undefined ? '' : `${headerPart.length}:${headerPart.slice(0, HEADER_KEY_CHARS)}`
  let checked = headerCache?.get(cacheKey)
  if (checked?.headerPart !== headerPart) {
    checked = checkHeader(headerPart, what)
    headerCache?.set(cacheKey, checked)
  }
  for (const [name, part] of [['payload', payloadPart], ['signature', signaturePart]] as const) {
    if (!BASE64URL.test(part)) throw malformed(`${what} ${name} segment is empty or not unpadded base64url`)
  }
  return {
    header: checked.header,
    x5c: checked.x5c,
    chainKey: checked.chainKey,
    payload: decodeJsonObject(payloadPart, `${what} payload`),
    signingInput: signingInput(checked.signingPrefix, payloadPart),
    // Its length is checked with the signature itself (step 11), after the certificates.
    signature: decodeBase64Url(signaturePart, `${what} signature`),
  }
}

function checkHeader(headerPart: string, what: string): CheckedHeader {
  if (!BASE64URL.test(headerPart)) throw malformed(`${what} header segment is empty or not unpadded base64url`)
  const header = decodeJsonObject(headerPart, `${what} header`)
  if (header.alg !== 'ES256') {
    throw new AppStoreNotificationError(
      'ERR_JWS_ALG_NOT_ES256',
      `${what} header alg must be "ES256", found ${JSON.stringify(header.alg) ?? 'nothing'}; Apple signs only with ES256`,
    )
  }
  if ('crit' in header) {
    throw new AppStoreNotificationError('ERR_JWS_CRIT_UNSUPPORTED', `${what} header has a "crit" parameter, which Apple never sends`)
  }
  const x5c = header.x5c
  if (x5c === undefined) {
    throw new AppStoreNotificationError('ERR_JWS_X5C_MISSING', `${what} header has no x5c certificate chain; Apple always sends one`)
  }
  if (!Array.isArray(x5c) || x5c.length !== 3 || !x5c.every((entry) => typeof entry === 'string' && entry.length > 0)) {
    const found = Array.isArray(x5c) ? `${x5c.length} entries` : typeof x5c
    throw new AppStoreNotificationError(
      'ERR_JWS_X5C_LENGTH',
      `${what} x5c must hold exactly 3 certificates (leaf, intermediate, root), found ${found}` +
        ' (Xcode/StoreKit Testing data carries one self-signed certificate and cannot be verified on a server)',
    )
  }
  return {
    header,
    x5c: x5c as [string, string, string],
    chainKey: `${x5c[0]}|${x5c[1]}`,
    headerPart,
    signingPrefix: encoder.encode(`${headerPart}.`),
  }
}

/** The ASCII bytes of `header.payload` (base64url is ASCII, so UTF-8 encoding is byte for byte). */
function signingInput(prefix: Uint8Array, payloadPart: string): Uint8Array {
  const bytes = new Uint8Array(prefix.length + payloadPart.length)
  bytes.set(prefix)
  encoder.encodeInto(payloadPart, bytes.subarray(prefix.length))
  return bytes
}

/** Decodes a base64url JSON segment that must hold a JSON object. */
export function decodeJsonObject(segment: string, what: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(decoder.decode(decodeBase64Url(segment, what)))
  } catch (error) {
    if (error instanceof AppStoreNotificationError) throw error
    throw malformed(`${what} is not valid UTF-8 JSON`, error)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw malformed(`${what} must be a JSON object, found ${Array.isArray(value) ? 'an array' : typeof value}`)
  }
  return value as Record<string, unknown>
}

const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

function decodeBase64Url(segment: string, what: string): Uint8Array {
  // Canonical form only: the unused low bits of the last character must be zero, so no two
  // different strings decode to the same bytes (a changed character is always a change).
  const unusedBits = segment.length % 4 === 2 ? 4 : segment.length % 4 === 3 ? 2 : segment.length % 4 === 1 ? 6 : 0
  const last = BASE64URL_ALPHABET.indexOf(segment.charAt(segment.length - 1))
  if (unusedBits === 6 || (unusedBits > 0 && (last & ((1 << unusedBits) - 1)) !== 0)) {
    throw malformed(`${what} is not canonical base64url`)
  }
  try {
    return base64url.decode(segment)
  } catch (error) {
    throw malformed(`${what} is not valid base64url`, error)
  }
}

/** Decodes one standard-base64 `x5c` entry to DER bytes. */
export function decodeX5cEntry(entry: string, role: string): Uint8Array {
  let binary: string
  try {
    binary = atob(entry)
  } catch (error) {
    throw new AppStoreNotificationError('ERR_CERT_MALFORMED', `${role} certificate in x5c is not standard base64`, { cause: error })
  }
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

function malformed(message: string, cause?: unknown): AppStoreNotificationError {
  return new AppStoreNotificationError('ERR_JWS_MALFORMED', message, cause === undefined ? undefined : { cause })
}
