/**
 * Every failure this library reports, in one table: the string code, the HTTP status the
 * notification handler answers with (`null` when the error never reaches an HTTP answer) and
 * whether retrying the same input later can succeed.
 *
 * Tests and callers match on `code`, never on message text.
 *
 * @example
 * import { ERROR_CODES } from 'app-store-notifications'
 * ERROR_CODES.ERR_CERT_EXPIRED // → { status: 401, retryable: false }
 *
 * Exported from `app-store-notifications`.
 */
export const ERROR_CODES = {
  // Configuration (thrown by factories, never at request time)
  ERR_CONFIG_INVALID: { status: null, retryable: false },

  // The HTTP request and its body
  ERR_METHOD_NOT_ALLOWED: { status: 405, retryable: false },
  ERR_BODY_TOO_LARGE: { status: 413, retryable: false },
  ERR_BODY_MALFORMED: { status: 400, retryable: false },

  // The compact JWS and its header
  ERR_JWS_MALFORMED: { status: 400, retryable: false },
  ERR_JWS_ALG_NOT_ES256: { status: 401, retryable: false },
  ERR_JWS_CRIT_UNSUPPORTED: { status: 401, retryable: false },
  ERR_JWS_X5C_MISSING: { status: 401, retryable: false },
  ERR_JWS_X5C_LENGTH: { status: 401, retryable: false },
  ERR_JWS_SIGNATURE_INVALID: { status: 401, retryable: false },

  // The x5c certificate chain
  ERR_CERT_MALFORMED: { status: 400, retryable: false },
  ERR_CHAIN_UNTRUSTED_ROOT: { status: 401, retryable: false },
  ERR_CHAIN_ISSUER_MISMATCH: { status: 401, retryable: false },
  ERR_CHAIN_SIGNATURE_INVALID: { status: 401, retryable: false },
  ERR_CHAIN_INTERMEDIATE_NOT_CA: { status: 401, retryable: false },
  ERR_CERT_LEAF_OID_MISSING: { status: 401, retryable: false },
  ERR_CERT_INTERMEDIATE_OID_MISSING: { status: 401, retryable: false },
  ERR_CERT_LEAF_KEY_UNSUPPORTED: { status: 401, retryable: false },
  ERR_CERT_NOT_YET_VALID: { status: 401, retryable: false },
  ERR_CERT_EXPIRED: { status: 401, retryable: false },

  // Online revocation checks (OCSP)
  ERR_CERT_REVOKED: { status: 401, retryable: false },
  ERR_OCSP_RESPONSE_INVALID: { status: 401, retryable: false },
  ERR_REVOCATION_UNAVAILABLE: { status: 503, retryable: true },

  // The decoded payload and the identity it claims
  ERR_PAYLOAD_INVALID: { status: 400, retryable: false },
  ERR_PAYLOAD_BODY_MISSING: { status: 400, retryable: false },
  ERR_BUNDLE_ID_MISMATCH: { status: 403, retryable: false },
  ERR_APP_APPLE_ID_MISMATCH: { status: 403, retryable: false },
  ERR_ENVIRONMENT_MISMATCH: { status: 403, retryable: false },
  ERR_NESTED_MISMATCH: { status: 403, retryable: false },

  // The notification handler
  ERR_HANDLER_FAILED: { status: 500, retryable: true },
  ERR_NOTIFICATION_IN_PROGRESS: { status: 503, retryable: true },
  ERR_IDEMPOTENCY_STORE_FAILED: { status: 503, retryable: true },

  // The App Store Server API client
  ERR_API_REQUEST_REJECTED: { status: null, retryable: false },
  ERR_API_UNAVAILABLE: { status: 503, retryable: true },
  ERR_API_TIMEOUT: { status: 503, retryable: true },
  ERR_API_RESPONSE_INVALID: { status: null, retryable: false },
  ERR_API_INPUT_INVALID: { status: null, retryable: false },

  // Consumption information (answers to CONSUMPTION_REQUEST)
  ERR_CONSUMPTION_NO_CONSENT: { status: null, retryable: false },
  ERR_CONSUMPTION_INPUT_INVALID: { status: null, retryable: false },
  ERR_CONSUMPTION_PERCENTAGE_OUT_OF_RANGE: { status: null, retryable: false },
  ERR_CONSUMPTION_UNDELIVERED_NONZERO: { status: null, retryable: false },
  ERR_CONSUMPTION_SUBSCRIPTION_PERCENTAGE: { status: null, retryable: false },
  ERR_CONSUMPTION_PRORATED_NEEDS_PERCENTAGE: { status: null, retryable: false },

  // Forwarding
  ERR_FORWARD_SIGNATURE_INVALID: { status: null, retryable: false },
} as const
ERROR_CODES satisfies Record<`ERR_${string}`, { status: number | null; retryable: boolean }>

/**
 * A code from {@link ERROR_CODES}.
 *
 * @example
 * const code: ErrorCode = 'ERR_BUNDLE_ID_MISMATCH'
 *
 * Exported from `app-store-notifications`.
 */
export type ErrorCode = keyof typeof ERROR_CODES

/**
 * Extra facts some errors carry: the App Store Server API's HTTP status and Apple's numeric
 * `errorCode`, or the certificate that failed.
 *
 * @example
 * if (error.details.apiErrorCode === 4040010) console.log('transaction not found')
 *
 * Exported from `app-store-notifications`.
 */
export interface ErrorDetails {
  /** HTTP status of the App Store Server API response, when one came back. */
  readonly httpStatus?: number
  /** Apple's numeric `errorCode` from the response body, e.g. `4000035`. */
  readonly apiErrorCode?: number
  /** Apple's `errorMessage` from the response body. */
  readonly apiErrorMessage?: string
  /** Milliseconds Apple asked us to wait (from `Retry-After`). */
  readonly retryAfterMs?: number
}

/**
 * The one error class of this library. `code` is stable and documented in {@link ERROR_CODES};
 * the message says what was expected, what was found and the likely fix; `cause` keeps the
 * underlying error.
 *
 * @example
 * try {
 *   await verifier.verifyNotification(body)
 * } catch (error) {
 *   if (error instanceof AppStoreNotificationError && error.code === 'ERR_ENVIRONMENT_MISMATCH') {
 *     // a Sandbox notification reached a Production-only endpoint
 *   }
 * }
 *
 * Exported from `app-store-notifications`.
 */
export class AppStoreNotificationError extends Error {
  override readonly name = 'AppStoreNotificationError'
  /** Stable code from {@link ERROR_CODES}. */
  readonly code: ErrorCode
  /** Extra facts (HTTP status and Apple error code for API errors). */
  readonly details: ErrorDetails

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; details?: ErrorDetails }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.details = options?.details ?? {}
  }

  /** Whether the same input can succeed later (network, OCSP, Apple's 5xx, a failing handler). */
  get retryable(): boolean {
    return ERROR_CODES[this.code].retryable
  }

  /** The HTTP status the notification handler answers with, or `null`. */
  get status(): number | null {
    return ERROR_CODES[this.code].status
  }
}

/**
 * Whether `value` is an {@link AppStoreNotificationError}, optionally with the given code.
 *
 * @example
 * if (isAppStoreNotificationError(error, 'ERR_CERT_EXPIRED')) renewTrustStore()
 *
 * Exported from `app-store-notifications`.
 */
export function isAppStoreNotificationError(value: unknown, code?: ErrorCode): value is AppStoreNotificationError {
  return value instanceof AppStoreNotificationError && (code === undefined || value.code === code)
}
