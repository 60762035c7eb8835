// Entry "app-store-notifications": explicit re-exports only.

// errors
export { AppStoreNotificationError, ERROR_CODES, isAppStoreNotificationError } from './core/errors.js'
export type { ErrorCode, ErrorDetails } from './core/errors.js'

// verification
export { APPLE_ROOT_CA_G3 } from './core/verify/apple-roots.js'
export { createNotificationVerifier } from './core/verify/create-notification-verifier.js'
export type { NotificationVerifier, NotificationVerifierOptions } from './core/verify/create-notification-verifier.js'
export type { CryptoPreference } from './core/verify/crypto-backend.js'
export { decodeNotificationUnverified } from './core/verify/decode-notification-unverified.js'
export type { UnverifiedNotification } from './core/verify/decode-notification-unverified.js'
export type { AcceptedEnvironment } from './core/verify/identity.js'
export type { NotificationInput } from './core/verify/read-signed-payload.js'
export type { RootCertificateInput } from './core/verify/root-certificates.js'

// notification handler
export { createAsnHandler } from './core/handler/create-asn-handler.js'
export type { AsnHandler, AsnHandlerOptions, PlatformContext } from './core/handler/create-asn-handler.js'
export type { AsnRequest, AsnResponse } from './core/handler/http.js'
export { createMemoryIdempotencyStore } from './core/handler/idempotency-store.js'
export type { ClaimResult, IdempotencyStore, MemoryIdempotencyStoreOptions } from './core/handler/idempotency-store.js'
export type { AsnErrorListener, AsnErrorStage, AsnLogger } from './core/handler/process-notification.js'
export type { NotificationContext, NotificationListener } from './core/handler/router.js'

// forwarding
export { createForwarder } from './core/forward/create-forwarder.js'
export type { Forwarder, ForwarderOptions, ForwardInput, ForwardResult } from './core/forward/create-forwarder.js'
export type { ForwardTarget } from './core/forward/forward-targets.js'
export type { ForwardBody } from './core/forward/forward-bytes.js'
export type { ForwardFetch } from './core/forward/forward-attempt.js'
export { FORWARD_SIGNATURE_HEADER, signForwardBody, verifyForwardSignature } from './core/forward/forward-signature.js'
export type { ForwardSigningSecret } from './core/forward/forward-signature.js'

// models
export { APPLE_ENUMS } from './core/models/enums.js'
export type {
  AppleEnumName, AutoRenewStatus, BillingPlanType, ConsumptionRequestReason, Environment, ExpirationIntent, ExternalPurchaseTokenType,
  InAppOwnershipType, OfferDiscountType, OfferType, OpenEnum, OrderLookupStatus, OriginalPlatform, PriceIncreaseStatus, ProductType,
  RevocationReason, RevocationType, SendAttemptResult, SubscriptionStatus, TransactionReason,
} from './core/models/enums.js'
export { bodyKindOf, eventKeysOf, isRecognizedNotification, NOTIFICATION_TYPES, SUBTYPES } from './core/models/notification-types.js'
export type {
  NotificationBodyKind, NotificationBodyKindOf, NotificationEventKey, NotificationSubtype, NotificationSubtypeOf, NotificationType,
} from './core/models/notification-types.js'
export {
  appDataSchema, externalPurchaseTokenSchema, notificationDataSchema, notificationPayloadSchema, notificationSummarySchema, parseNotificationPayload,
} from './core/models/notification-payload.js'
export type { AppData, ExternalPurchaseToken, NotificationData, NotificationPayload, NotificationSummary } from './core/models/notification-payload.js'
export { parseTransaction, transactionSchema } from './core/models/transaction.js'
export type { Transaction, TransactionCommitmentInfo } from './core/models/transaction.js'
export { parseRenewalInfo, renewalInfoSchema } from './core/models/renewal-info.js'
export type { RenewalCommitmentInfo, RenewalInfo } from './core/models/renewal-info.js'
export { appTransactionSchema, parseAppTransaction } from './core/models/app-transaction.js'
export type { AppTransaction } from './core/models/app-transaction.js'
export { advancedCommerceRenewalInfoSchema, advancedCommerceTransactionInfoSchema } from './core/models/advanced-commerce.js'
export type {
  AdvancedCommerceDescriptors, AdvancedCommerceOffer, AdvancedCommercePriceIncreaseInfo, AdvancedCommerceRefund, AdvancedCommerceRenewalInfo,
  AdvancedCommerceRenewalItem, AdvancedCommerceTransactionInfo, AdvancedCommerceTransactionItem,
} from './core/models/advanced-commerce.js'
export {
  appTransactionInfoResponseSchema, checkTestNotificationResponseSchema, historyResponseSchema, notificationHistoryResponseSchema, orderLookupResponseSchema,
  refundHistoryResponseSchema, sendTestNotificationResponseSchema, statusResponseSchema, transactionInfoResponseSchema,
} from './core/models/api-responses.js'
export type {
  AppTransactionInfoResponse, CheckTestNotificationResponse, HistoryResponse, LastTransactionsItem, NotificationHistoryResponse,
  NotificationHistoryResponseItem, OrderLookupResponse, RefundHistoryResponse, SendAttemptItem, SendTestNotificationResponse, StatusResponse,
  SubscriptionGroupIdentifierItem, TransactionInfoResponse,
} from './core/models/api-responses.js'
export type {
  AppStoreNotification, NotificationForKey, UnrecognizedNotification, VerifiedNotification, VerifiedNotificationBase,
} from './core/models/verified-notification.js'

// App Store Server API
export { createAppStoreServerApi } from './core/api/create-app-store-server-api.js'
export type { AppStoreServerApi } from './core/api/create-app-store-server-api.js'
export type { ApiResponseVerifier, ApiRetryOptions, AppStoreServerApiOptions, NotificationHistoryRequest, TransactionHistoryQuery } from './core/api/api-types.js'
export type { ApiFetch } from './core/api/request.js'
export type {
  ApiResponses, DecodedApiResponses, DecodedAppTransactionInfoResponse, DecodedCheckTestNotificationResponse, DecodedHistoryResponse,
  DecodedLastTransactionsItem, DecodedNotificationHistoryResponse, DecodedNotificationHistoryResponseItem, DecodedOrderLookupResponse,
  DecodedRefundHistoryResponse, DecodedStatusResponse, DecodedSubscriptionGroupIdentifierItem, DecodedTransactionInfoResponse,
} from './core/api/decoded-responses.js'
export { APPLE_API_ERRORS, appleApiErrorName } from './core/api/apple-api-errors.js'
export type { AppleApiErrorCode } from './core/api/apple-api-errors.js'

// consumption information (answers to CONSUMPTION_REQUEST)
export { buildConsumptionRequest } from './core/consumption/build-consumption-request.js'
export type { ConsumptionInput } from './core/consumption/build-consumption-request.js'
export { buildConsumptionRequestV1 } from './core/consumption/build-consumption-request-v1.js'
export type { ConsumptionInputV1, ConsumptionRequestV1 } from './core/consumption/build-consumption-request-v1.js'
export type { ConsumptionProductType, ConsumptionRequest, DeliveryStatus, RefundPreference } from './core/consumption/consumption-rules.js'
export type { ConsumptionApi, ConsumptionPolicy, ConsumptionRequestInfo } from './core/handler/answer-consumption-request.js'

// recovery
export { replayNotificationHistory } from './core/recovery/replay-notification-history.js'
export type { ReplayNotificationHistoryOptions, ReplayProgress, ReplayResult } from './core/recovery/replay-notification-history.js'
export type { ReplayFailure } from './core/recovery/replay-outcome.js'
export { sendTestNotification } from './core/recovery/send-test-notification.js'
export type { SendTestNotificationOptions, TestNotificationResult } from './core/recovery/send-test-notification.js'
