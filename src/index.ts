// Entry "app-store-notifications": explicit re-exports only.

// errors
export { AppStoreNotificationError, ERROR_CODES, isAppStoreNotificationError } from './core/errors.js'
export type { ErrorCode, ErrorDetails } from './core/errors.js'
