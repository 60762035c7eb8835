import type { TestSigner } from './create-test-signer.js'
import { fromBase64Url, toBase64Url, utf8 } from './encoding.js'

/**
 * A segment of a compact JWS.
 *
 * @example
 * for (const part of ['header', 'payload', 'signature'] as const satisfies readonly JwsPart[]) {
 *   await expect(verifier.verifyNotification({ signedPayload: tamperJws(jws, part) })).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_INVALID' })
 * }
 *
 * Exported from `app-store-notifications/testing`.
 */
export type JwsPart = 'header' | 'payload' | 'signature'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/**
 * Returns `jws` with one segment altered so that only the signature check can fail: for
 * `header` and `payload`, a space is inserted after the opening `{` (the JSON means the same,
 * the signed bytes differ); for `signature`, one base64url character in the middle is replaced
 * (still 64 bytes, still valid base64url).
 *
 * @example
 * const forged = tamperJws(await signer.sign(payload), 'payload')
 * // the verifier must reject `forged` with ERR_JWS_SIGNATURE_INVALID
 *
 * Exported from `app-store-notifications/testing`.
 */
export function tamperJws(jws: string, part: JwsPart): string {
  const segments = jws.split('.')
  const index = { header: 0, payload: 1, signature: 2 }[part]
  const segment = segments[index]
  if (segments.length !== 3 || segment === undefined || segment === '') {
    throw new TypeError(`tamperJws expects a compact JWS with a non-empty ${part}, got ${segments.length} segments`)
  }
  if (part === 'signature') {
    const at = Math.floor(segment.length / 2)
    const next = ALPHABET[(ALPHABET.indexOf(segment.charAt(at)) + 1) % ALPHABET.length] ?? 'A'
    segments[index] = segment.slice(0, at) + next + segment.slice(at + 1)
  } else {
    const text = new TextDecoder().decode(fromBase64Url(segment))
    segments[index] = toBase64Url(utf8(`${text.slice(0, 1)} ${text.slice(1)}`))
  }
  return segments.join('.')
}

/**
 * JWS that a verifier must reject, one per header or signature check. Each is otherwise
 * genuine: the chain is valid and, unless the variant is about the signature, the signature is
 * a valid ES256 signature by the leaf key. Certificate-level negatives (expired leaf, missing
 * marker OIDs, untrusted root, …) come from {@link createTestChain} options instead.
 *
 * @example
 * const negative: NegativeVariants = createNegativeVariants(signer)
 * const signedPayload = await negative.withoutX5c(payload)
 * await expect(verifier.verifyNotification({ signedPayload })).rejects.toMatchObject({ code: 'ERR_JWS_X5C_MISSING' })
 *
 * Exported from `app-store-notifications/testing`.
 */
export interface NegativeVariants {
  /** Header `alg: "none"`, signature still present and valid. */
  withAlgNone(payload: object): Promise<string>
  /** Header `alg` set to any value (`'ES384'`, `'HS256'`, `'RS256'`, …), ES256 signature. */
  withAlg(payload: object, alg: string): Promise<string>
  /** Header with a `crit` parameter naming an extension nobody understands (RFC 7515 §4.1.11). */
  withCrit(payload: object): Promise<string>
  /** Header without `x5c`. */
  withoutX5c(payload: object): Promise<string>
  /** `x5c` with `length` entries: the first ones of `[leaf, intermediate, root]`, padded with the root. */
  withX5cLength(payload: object, length: number): Promise<string>
  /** `x5c` set to any JSON value (not an array, numbers, placeholders, a reordered chain). */
  withX5c(payload: object, x5c: unknown): Promise<string>
  /** The signature segment is empty: `header.payload.` (the classic `alg: none` shape). */
  withEmptySignature(payload: object): Promise<string>
  /** The 64-byte signature cut to 63 bytes. */
  withTruncatedSignature(payload: object): Promise<string>
  /** The signature re-encoded as DER `ECDSA-Sig-Value` instead of JOSE's raw `r‖s`. */
  withDerSignature(payload: object): Promise<string>
}

function replaceSignature(jws: string, transform: (signature: Uint8Array) => Uint8Array): string {
  const [header = '', payload = '', signature = ''] = jws.split('.')
  return `${header}.${payload}.${toBase64Url(transform(fromBase64Url(signature)))}`
}

function derInteger(bytes: Uint8Array): number[] {
  let start = 0
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1
  const value = Array.from(bytes.subarray(start))
  if ((value[0] ?? 0) & 0x80) value.unshift(0)
  return [0x02, value.length, ...value]
}

/** Converts a raw `r‖s` ECDSA signature to DER (short-form lengths suffice up to P-384). */
function toDerSignature(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2
  const body = [...derInteger(raw.subarray(0, half)), ...derInteger(raw.subarray(half))]
  return new Uint8Array([0x30, body.length, ...body])
}

/**
 * Creates the negative JWS variants for `signer`, each mirroring one verifier check.
 *
 * @example
 * const signer = await createTestSigner()
 * const negative = createNegativeVariants(signer)
 * const jws = await negative.withAlg(payload, 'ES384') // must fail with ERR_JWS_ALG_NOT_ES256
 *
 * Exported from `app-store-notifications/testing`.
 */
export function createNegativeVariants(signer: TestSigner): NegativeVariants {
  const withHeader = (payload: object, header: Record<string, unknown>): Promise<string> =>
    signer.sign(payload, { header })
  return {
    withAlgNone: (payload) => withHeader(payload, { alg: 'none' }),
    withAlg: (payload, alg) => withHeader(payload, { alg }),
    withCrit: (payload) =>
      withHeader(payload, { crit: ['urn:example:unknown'], 'urn:example:unknown': true }),
    withoutX5c: (payload) => withHeader(payload, { x5c: undefined }),
    withX5cLength: (payload, length) =>
      withHeader(payload, {
        x5c: Array.from({ length }, (_, index) => signer.x5c[Math.min(index, 2)]),
      }),
    withX5c: (payload, x5c) => withHeader(payload, { x5c }),
    withEmptySignature: async (payload) => replaceSignature(await signer.sign(payload), () => new Uint8Array(0)),
    withTruncatedSignature: async (payload) =>
      replaceSignature(await signer.sign(payload), (signature) => signature.subarray(0, signature.length - 1)),
    withDerSignature: async (payload) => replaceSignature(await signer.sign(payload), toDerSignature),
  }
}
