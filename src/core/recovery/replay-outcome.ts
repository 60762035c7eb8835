// How one replayed notification ended, read from the handler's answer (or the error it threw).
import { AppStoreNotificationError } from '../errors.js'
import type { AsnResponse } from '../handler/http.js'
import { decodeNotificationUnverified } from '../verify/decode-notification-unverified.js'

/**
 * One notification the replay could not get processed, with what is known about it.
 *
 * @example
 * for (const failure of result.failed) console.warn(failure.notificationUUID, failure.status, failure.code)
 *
 * Exported from `app-store-notifications`.
 */
export interface ReplayFailure {
  /** From the payload, decoded without verification for this report only; absent when it does not decode. */
  readonly notificationUUID?: string
  readonly notificationType?: string
  readonly subtype?: string
  /** The payload's `signedDate` (epoch ms). */
  readonly signedDate?: number
  /** The HTTP status the handler (or endpoint) answered; absent when the delivery itself threw. */
  readonly status?: number
  /** The error code: the answer's JSON `error` field (`ERR_HANDLER_FAILED`…), or the thrown error's code. */
  readonly code?: string
  /** Why a delivery threw (network error, timeout); answers carry only their code. */
  readonly message?: string
  /** The original JWS, so the notification can be fed again by hand. */
  readonly signedPayload: string
}

/** Identifiers of one history item, decoded without verification (for reports and ordering only). Internal. */
export interface ItemFacts {
  readonly notificationUUID?: string
  readonly notificationType?: string
  readonly subtype?: string
  readonly signedDate?: number
}

/** Reads identifiers from a payload without verifying it; never throws. Internal. */
export function itemFacts(signedPayload: string): ItemFacts {
  try {
    const { payload } = decodeNotificationUnverified(signedPayload)
    const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)
    return {
      ...optional('notificationUUID', text(payload.notificationUUID)),
      ...optional('notificationType', text(payload.notificationType)),
      ...optional('subtype', text(payload.subtype)),
      ...optional('signedDate', typeof payload.signedDate === 'number' ? payload.signedDate : undefined),
    }
  } catch {
    return {}
  }
}

/**
 * Classifies an answer: a 2xx whose JSON says `"outcome":"duplicate"` was already done; any other
 * 2xx counts as processed (an endpoint not built with this library may answer anything on success);
 * everything else failed, with the code from the JSON body `{ "error": "ERR_…" }` when there is one.
 * Internal.
 */
export function classifyAnswer(
  answer: AsnResponse,
  facts: ItemFacts,
  signedPayload: string,
): { readonly kind: 'processed' | 'alreadyDone' } | { readonly kind: 'failed'; readonly failure: ReplayFailure } {
  const body = parseJsonObject(answer.body)
  if (answer.status >= 200 && answer.status < 300) return { kind: body?.outcome === 'duplicate' ? 'alreadyDone' : 'processed' }
  const code = typeof body?.error === 'string' ? body.error : undefined
  return { kind: 'failed', failure: { ...facts, status: answer.status, ...optional('code', code), signedPayload } }
}

/** A failure record for a delivery that threw instead of answering. Internal. */
export function thrownFailure(error: unknown, facts: ItemFacts, signedPayload: string): ReplayFailure {
  const code = error instanceof AppStoreNotificationError ? error.code : undefined
  const message = error instanceof Error ? error.message : String(error)
  return { ...facts, ...optional('code', code), message, signedPayload }
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V }
}
