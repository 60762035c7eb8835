// Entry "app-store-notifications/testing": explicit re-exports only.

export { createTestChain, DEFAULT_OCSP_URLS } from './create-test-chain.js'
export type { TestCertificate, TestChain, TestChainOptions, Validity } from './create-test-chain.js'
export { createTestSigner } from './create-test-signer.js'
export type { SignedNotification, SignOptions, TestSigner, TestSignerOptions } from './create-test-signer.js'
export { exportTestChain, importTestChain } from './test-chain-file.js'
export type { TestCertificateFile, TestChainFile } from './test-chain-file.js'
export { createNegativeVariants, tamperJws } from './negative-variants.js'
export type { JwsPart, NegativeVariants } from './negative-variants.js'
export { createOcspResponse } from './ocsp-responder.js'
export type { OcspCertStatus, OcspResponseOptions, OcspResponseStatus, OcspSigner } from './ocsp-responder.js'

// notification builders, negative notifications, requests
export { createNotificationBuilders } from './create-notification-builders.js'
export type {
  BuiltNotification, CamelCase, ConsumptionRequestOverrides, NotificationBuilder, NotificationBuilderOptions, NotificationBuilders,
  NotificationOverrides, OverridesFor, SubtypeArgument,
} from './notification-builder-types.js'
export { createNegativeNotifications, createVariantChains, NEGATIVE_CASES } from './create-negative-notifications.js'
export type {
  NegativeCase, NegativeNotification, NegativeNotificationOptions, NegativeVerifierSettings, VariantChains,
} from './create-negative-notifications.js'
export { toRequest } from './to-request.js'
export type { ToRequestInit } from './to-request.js'

// fake App Store Server API (needs the optional peer `msw`, imported on call)
export { appStoreServerApiHandlers } from './app-store-server-api-handlers.js'
export type {
  AppStoreServerApiHandlersOptions, AppStoreServerApiMock, RecordedApiRequest, RecordedConsumptionRequest,
} from './app-store-server-api-handlers.js'

// fixtures/
export { FIXTURE_SETTINGS, generateFixtures } from './generate-fixtures.js'
export type { FixtureIndexEntry, GenerateFixturesOptions } from './generate-fixtures.js'
