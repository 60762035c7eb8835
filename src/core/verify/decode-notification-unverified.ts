import { AppStoreNotificationError } from '../errors.js'
import { decodeJsonObject } from './jws.js'
import { readSignedPayload } from './read-signed-payload.js'
import type { NotificationInput } from './read-signed-payload.js'

/**
 * A notification decoded WITHOUT any verification: every field is as the sender wrote it, and
 * anyone can forge one. For logs and debugging only.
 *
 * @example
 * const { payload } = decodeNotificationUnverified(body)
 * console.log(payload.notificationType)
 *
 * Exported from `app-store-notifications`.
 */
export interface UnverifiedNotification {
  /** Always `false`: a reminder at every use site. */
  readonly verified: false
  /** The JWS header (alg, x5c…). */
  readonly header: Record<string, unknown>
  /** The decoded payload, unchecked. */
  readonly payload: Record<string, unknown>
  /** Decoded `data.signedTransactionInfo`, unchecked. */
  readonly transaction?: Record<string, unknown>
  /** Decoded `data.signedRenewalInfo`, unchecked. */
  readonly renewalInfo?: Record<string, unknown>
  /** Decoded `appData.signedAppTransactionInfo`, unchecked. */
  readonly appTransaction?: Record<string, unknown>
}

/**
 * Decodes a notification and its nested signed objects WITHOUT verifying anything — no signature,
 * no certificate chain, no identity. Never use the result to grant or revoke anything; use
 * `createNotificationVerifier` for that. Malformed input still fails with a coded error.
 *
 * @example
 * import { decodeNotificationUnverified } from 'app-store-notifications'
 * console.log(JSON.stringify(decodeNotificationUnverified(rawBody).payload, null, 2))
 *
 * Exported from `app-store-notifications`.
 */
export function decodeNotificationUnverified(input: NotificationInput): UnverifiedNotification {
  const payload = decodeSegments(readSignedPayload(input), 'signedPayload')
  const data = asRecord(payload.payload.data)
  const appData = asRecord(payload.payload.appData)
  const nested = (value: unknown, what: string): Record<string, unknown> | undefined =>
    typeof value === 'string' ? decodeSegments(value, what).payload : undefined
  const transaction = nested(data?.signedTransactionInfo, 'data.signedTransactionInfo')
  const renewalInfo = nested(data?.signedRenewalInfo, 'data.signedRenewalInfo')
  const appTransaction = nested(appData?.signedAppTransactionInfo, 'appData.signedAppTransactionInfo')
  return {
    verified: false,
    header: payload.header,
    payload: payload.payload,
    ...(transaction === undefined ? {} : { transaction }),
    ...(renewalInfo === undefined ? {} : { renewalInfo }),
    ...(appTransaction === undefined ? {} : { appTransaction }),
  }
}

function decodeSegments(jws: string, what: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const parts = jws.split('.')
  if (parts.length !== 3) {
    throw new AppStoreNotificationError('ERR_JWS_MALFORMED', `${what} must have 3 dot-separated parts, found ${parts.length}`)
  }
  return { header: decodeJsonObject(parts[0]!, `${what} header`), payload: decodeJsonObject(parts[1]!, `${what} payload`) }
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined
}
