// Signs forwarded bodies and verifies them on the receiving side:
// `x-asn-signature: t=<unix seconds>,v1=<hex HMAC-SHA-256 of "<t>." followed by the body bytes>`.

import { AppStoreNotificationError } from '../errors.js'
import { copyBytes, describe, isForwardBody, toBytes } from './forward-bytes.js'
import type { ForwardBody } from './forward-bytes.js'

/**
 * Name of the header that carries the forwarder's signature (lower case, as `Headers` returns it).
 * Its value is `t=<unix seconds>,v1=<64 hex digits>`, where `v1` is the HMAC-SHA-256, keyed with
 * the shared secret, of the ASCII timestamp, a `.` and then the body bytes exactly as received.
 *
 * @example
 * const header = request.headers.get(FORWARD_SIGNATURE_HEADER)
 *
 * Exported from `app-store-notifications`.
 */
export const FORWARD_SIGNATURE_HEADER = 'x-asn-signature'

/**
 * The secret shared by the forwarder and the services it signs for: text (encoded as UTF-8) or raw bytes.
 *
 * @example
 * const secret: ForwardSigningSecret = env.FORWARD_SECRET
 *
 * Exported from `app-store-notifications`.
 */
export type ForwardSigningSecret = string | Uint8Array

/**
 * Computes the value of the {@link FORWARD_SIGNATURE_HEADER} header for a body. The forwarder
 * calls it on every attempt; tests of a receiving service use it to build genuine headers.
 *
 * @example
 * const value = await signForwardBody({ body: rawBody, secret: env.FORWARD_SECRET })
 * // → 't=1767225600,v1=5f0c…'
 *
 * Exported from `app-store-notifications`.
 */
export async function signForwardBody(options: {
  /** The exact bytes sent. */
  readonly body: ForwardBody
  /** The shared secret. */
  readonly secret: ForwardSigningSecret
  /** Unix time in seconds. Default: now. */
  readonly timestamp?: number
}): Promise<string> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000)
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new AppStoreNotificationError('ERR_CONFIG_INVALID', `timestamp must be a whole number of seconds since 1970, got ${String(timestamp)}`)
  }
  const key = await importSigningKey(options.secret)
  const mac = await crypto.subtle.sign('HMAC', key, signedBytes(timestamp, toBytes(options.body)))
  return `t=${timestamp},v1=${toHex(new Uint8Array(mac))}`
}

/**
 * Checks, on the receiving side, that a body came from your forwarder: the header must be well
 * formed, one `v1` must match the HMAC of the exact raw body (compared in constant time by
 * `crypto.subtle.verify`), and `t` must be within `toleranceSeconds` of now. Several `v1` entries
 * are accepted so that a secret can be rotated. Resolves when valid; otherwise rejects with
 * `ERR_FORWARD_SIGNATURE_INVALID`, whose message names the reason.
 *
 * @example
 * // In the service that receives forwarded notifications (a Fetch-style handler):
 * const body = new Uint8Array(await request.arrayBuffer())
 * await verifyForwardSignature({
 *   body,
 *   header: request.headers.get(FORWARD_SIGNATURE_HEADER),
 *   secret: env.FORWARD_SECRET,
 * })
 *
 * Exported from `app-store-notifications`.
 */
export async function verifyForwardSignature(options: {
  /** The raw body as received: bytes or text, never a parsed object. */
  readonly body: ForwardBody
  /** Value of the {@link FORWARD_SIGNATURE_HEADER} header. */
  readonly header: string | null | undefined
  /** The secret the forwarder was given as `signingSecret`. */
  readonly secret: ForwardSigningSecret
  /** Largest accepted age (and clock skew ahead), in seconds. Default: 300. */
  readonly toleranceSeconds?: number
  /** Clock, in epoch milliseconds. Default: `Date.now`. */
  readonly now?: () => number
}): Promise<void> {
  const { header, toleranceSeconds = 300 } = options
  if (!isForwardBody(options.body)) {
    throw invalid(`expected the raw body as a string, Uint8Array or ArrayBuffer, got ${describe(options.body)} (a parsed body cannot be verified; read the raw bytes before any JSON parser runs)`)
  }
  if (header === null || header === undefined || header.trim() === '') {
    throw invalid(`the ${FORWARD_SIGNATURE_HEADER} header is missing (was the request sent by a forwarder configured with signingSecret?)`)
  }
  const parsed = parseHeader(header)
  if (parsed === undefined) {
    throw invalid(`the ${FORWARD_SIGNATURE_HEADER} header is malformed: expected "t=<unix seconds>,v1=<64 hex digits>", got ${JSON.stringify(header.slice(0, 120))}`)
  }
  const key = await importSigningKey(options.secret)
  const data = signedBytes(parsed.timestamp, toBytes(options.body))
  let matched = false
  for (const signature of parsed.signatures) {
    if (await crypto.subtle.verify('HMAC', key, signature, data)) matched = true
  }
  if (!matched) {
    const hint = typeof options.secret === 'string' && options.secret.trim() !== options.secret ? '; the secret has leading or trailing whitespace' : ''
    throw invalid(`signature mismatch: no v1 value matches the body with this secret (was the body re-serialised or altered, or is the secret different from the forwarder's signingSecret?${hint})`)
  }
  const ageSeconds = Math.floor((options.now ?? Date.now)() / 1000) - parsed.timestamp
  if (Math.abs(ageSeconds) > toleranceSeconds) {
    const when = ageSeconds > 0 ? `${ageSeconds} s old` : `${-ageSeconds} s in the future`
    throw invalid(`signature timestamp is ${when}, outside the tolerance of ${toleranceSeconds} s (a replayed request, or a clock out of sync)`)
  }
}

function parseHeader(header: string): { timestamp: number; signatures: Uint8Array<ArrayBuffer>[] } | undefined {
  let timestamp: number | undefined
  const signatures: Uint8Array<ArrayBuffer>[] = []
  for (const part of header.split(',')) {
    const separator = part.indexOf('=')
    if (separator < 0) return undefined
    const name = part.slice(0, separator).trim()
    const value = part.slice(separator + 1).trim()
    if (name === 't') {
      if (timestamp !== undefined || !/^\d{1,15}$/.test(value)) return undefined
      timestamp = Number(value)
    } else if (name === 'v1') {
      if (!/^[0-9a-f]{64}$/i.test(value)) return undefined
      signatures.push(fromHex(value))
    }
    // Other schemes (v0, v2, …) are ignored so the format can evolve.
  }
  if (timestamp === undefined || signatures.length === 0) return undefined
  return { timestamp, signatures }
}

async function importSigningKey(secret: ForwardSigningSecret): Promise<CryptoKey> {
  const raw = typeof secret === 'string' ? new TextEncoder().encode(secret) : copyBytes(secret)
  if (raw.byteLength === 0) {
    throw new AppStoreNotificationError('ERR_CONFIG_INVALID', 'the forwarding signing secret is empty; pass a long random string or bytes')
  }
  return crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify'])
}

function signedBytes(timestamp: number, body: Uint8Array): Uint8Array<ArrayBuffer> {
  const prefix = new TextEncoder().encode(`${timestamp}.`)
  const data = new Uint8Array(prefix.byteLength + body.byteLength)
  data.set(prefix, 0)
  data.set(body, prefix.byteLength)
  return data
}

function toHex(bytes: Uint8Array): string {
  let hex = ''
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0')
  return hex
}

function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2)
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return bytes
}

function invalid(message: string): AppStoreNotificationError {
  return new AppStoreNotificationError('ERR_FORWARD_SIGNATURE_INVALID', message)
}
