import { AppStoreNotificationError } from '../errors.js'

/**
 * What `verifyNotification` accepts: the raw request body (string or bytes), the parsed body
 * object `{ signedPayload }`, or the `signedPayload` JWS string itself.
 *
 * @example
 * const input: NotificationInput = await request.text()
 *
 * Exported from `app-store-notifications`.
 */
export type NotificationInput = string | Uint8Array | ArrayBuffer | { readonly signedPayload?: unknown }

/** Longest `signedPayload` accepted; real ones are below 20 KB (apple.md §1.1). */
export const MAX_SIGNED_PAYLOAD_CHARS: number = 512 * 1024

const decoder = new TextDecoder('utf-8', { fatal: true })

/** Step 0 of apple.md §2.3: turns any accepted input into the `signedPayload` JWS string. */
export function readSignedPayload(input: NotificationInput): string {
  if (typeof input === 'string') return fromText(input)
  if (input instanceof Uint8Array || input instanceof ArrayBuffer) {
    let text: string
    try {
      text = decoder.decode(input)
    } catch (error) {
      throw malformed('request body is not valid UTF-8', error)
    }
    return fromText(text)
  }
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) return fromBody(input)
  throw malformed(`expected the request body, its parsed object or the signedPayload string, got ${describe(input)}`)
}

function fromText(text: string): string {
  const trimmed = text.trim()
  // A compact JWS starts with base64url; anything starting like JSON is a (possibly wrong) body.
  if (/^[{["]/.test(trimmed)) {
    let parsed: unknown
    try {
      parsed = JSON.parse(trimmed)
    } catch (error) {
      throw malformed('request body starts like JSON but does not parse as JSON', error)
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw malformed(`request body must be a JSON object {"signedPayload":"<JWS>"}, got ${describe(parsed)}`)
    }
    return fromBody(parsed)
  }
  if (trimmed.length === 0) throw malformed('request body is empty; Apple sends {"signedPayload":"<JWS>"}')
  return checkLength(trimmed)
}

function fromBody(body: { signedPayload?: unknown }): string {
  const { signedPayload } = body
  if (typeof signedPayload !== 'string' || signedPayload.length === 0) {
    throw malformed(`request body must be {"signedPayload":"<JWS>"}; signedPayload is ${describe(signedPayload)}`)
  }
  return checkLength(signedPayload)
}

function checkLength(jws: string): string {
  if (jws.length > MAX_SIGNED_PAYLOAD_CHARS) {
    throw new AppStoreNotificationError(
      'ERR_BODY_TOO_LARGE',
      `signedPayload is ${jws.length} characters, above the ${MAX_SIGNED_PAYLOAD_CHARS} limit; real notifications are below 20 KB`,
    )
  }
  return jws
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return value.length === 0 ? 'an empty string' : 'a string'
  return typeof value === 'undefined' ? 'missing' : `a ${typeof value}`
}

function malformed(message: string, cause?: unknown): AppStoreNotificationError {
  return new AppStoreNotificationError('ERR_BODY_MALFORMED', message, cause === undefined ? undefined : { cause })
}
