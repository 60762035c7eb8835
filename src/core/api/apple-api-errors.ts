/**
 * Apple's numeric App Store Server API `errorCode`s and their names, as on Apple's error pages.
 * The table is open: codes missing here still reach you verbatim in
 * `error.details.apiErrorCode`; look their names up with {@link appleApiErrorName}.
 *
 * @example
 * import { APPLE_API_ERRORS } from 'app-store-notifications'
 * APPLE_API_ERRORS[4040010] // → 'TransactionIdNotFoundError'
 *
 * @see https://developer.apple.com/documentation/appstoreserverapi/error_codes
 * Exported from `app-store-notifications`.
 */
export const APPLE_API_ERRORS = {
  4000000: 'GeneralBadRequestError',
  4000002: 'InvalidAppIdentifierError',
  4000005: 'InvalidRequestRevisionError',
  4000006: 'InvalidTransactionIdError',
  4000008: 'InvalidOriginalTransactionIdError',
  4000012: 'StartDateTooFarInPastError',
  4000013: 'StartDateAfterEndDateError',
  4000014: 'InvalidPaginationTokenError',
  4000015: 'InvalidStartDateError',
  4000016: 'InvalidEndDateError',
  4000017: 'PaginationTokenExpiredError',
  4000018: 'InvalidNotificationTypeError',
  4000019: 'MultipleFiltersSuppliedError',
  4000020: 'InvalidTestNotificationTokenError',
  4000021: 'InvalidSortError',
  4000022: 'InvalidProductTypeError',
  4000023: 'InvalidProductIdError',
  4000024: 'InvalidSubscriptionGroupIdentifierError',
  4000026: 'InvalidInAppOwnershipTypeError',
  4000030: 'InvalidRevokedError',
  4000031: 'InvalidStatusError',
  4000035: 'InvalidCustomerConsentedError',
  4000036: 'InvalidDeliveryStatusError',
  4000041: 'InvalidSampleContentProvidedError',
  4000044: 'InvalidRefundPreferenceError',
  4000047: 'InvalidTransactionTypeNotSupportedError',
  4000048: 'AppTransactionIdNotSupportedError',
  4000183: 'InvalidAppAccountTokenUUIDError',
  4000185: 'FamilyTransactionNotSupportedError',
  4000187: 'TransactionIdIsNotOriginalTransactionIdError',
  4000209: 'ConsumptionPercentageAutoRenewableSubscriptionError',
  4000227: 'InvalidAssignedTransactionNotSupportedError',
  4040001: 'AccountNotFoundError',
  4040002: 'AccountNotFoundRetryableError',
  4040003: 'AppNotFoundError',
  4040004: 'AppNotFoundRetryableError',
  4040005: 'OriginalTransactionIdNotFoundError',
  4040006: 'OriginalTransactionIdNotFoundRetryableError',
  4040007: 'ServerNotificationURLNotFoundError',
  4040008: 'TestNotificationNotFoundError',
  4040010: 'TransactionIdNotFoundError',
  4040019: 'AppTransactionDoesNotExistError',
  4290000: 'RateLimitExceededError',
  5000000: 'GeneralInternalError',
  5000001: 'GeneralInternalRetryableError',
} as const

/**
 * A code listed in {@link APPLE_API_ERRORS}.
 *
 * @example
 * const code: AppleApiErrorCode = 4000035
 *
 * Exported from `app-store-notifications`.
 */
export type AppleApiErrorCode = keyof typeof APPLE_API_ERRORS

/**
 * The name of one of Apple's numeric API error codes, or `undefined` for a code this table does
 * not know yet (Apple adds codes; the number itself is always kept on the error).
 *
 * @example
 * appleApiErrorName(4000035) // → 'InvalidCustomerConsentedError'
 * appleApiErrorName(4999999) // → undefined
 *
 * Exported from `app-store-notifications`.
 */
export function appleApiErrorName(code: number): string | undefined {
  return Object.hasOwn(APPLE_API_ERRORS, code) ? APPLE_API_ERRORS[code as AppleApiErrorCode] : undefined
}

/**
 * Whether Apple's code says "try again later" although its HTTP status alone would not
 * (the `…Retryable` codes, apple.md §4.6). Internal.
 */
export function isRetryableAppleApiError(code: number | undefined): boolean {
  return code === 4040002 || code === 4040004 || code === 4040006 || code === 5000001
}
