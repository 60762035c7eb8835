// Client-side checks and encoding of path ids, queries and bodies, before anything is sent.
import { AppStoreNotificationError } from '../errors.js'
import type { NotificationHistoryRequest, TransactionHistoryQuery } from './api-types.js'

/** A path segment from a caller's id; throws `ERR_API_INPUT_INVALID` on an empty or non-string id. Internal. */
export function pathId(name: string, value: unknown): string {
  if (typeof value === 'string' && value.trim() !== '') return encodeURIComponent(value)
  throw invalid(`${name} must be a non-empty string, got ${typeof value === 'string' ? '""' : typeof value}`)
}

/** `?a=1&b=2`, or `''` when empty. Internal. */
export function queryString(params: URLSearchParams): string {
  const text = params.toString()
  return text === '' ? '' : `?${text}`
}

/** Get Transaction History (v2) filters → query parameters; arrays repeat the name. Internal. */
export function transactionHistoryParams(query: TransactionHistoryQuery = {}): URLSearchParams {
  const params = new URLSearchParams()
  if (query.revision !== undefined) params.append('revision', text('revision', query.revision))
  if (query.startDate !== undefined) params.append('startDate', String(epochMs('startDate', query.startDate)))
  if (query.endDate !== undefined) params.append('endDate', String(epochMs('endDate', query.endDate)))
  for (const value of list('productId', query.productId)) params.append('productId', value)
  for (const value of list('productType', query.productType)) params.append('productType', value)
  if (query.sort !== undefined) params.append('sort', text('sort', query.sort))
  for (const value of list('subscriptionGroupIdentifier', query.subscriptionGroupIdentifier)) {
    params.append('subscriptionGroupIdentifier', value)
  }
  if (query.inAppOwnershipType !== undefined) {
    params.append('inAppOwnershipType', text('inAppOwnershipType', query.inAppOwnershipType))
  }
  if (query.revoked !== undefined) {
    if (typeof query.revoked !== 'boolean') throw invalid(`revoked must be a boolean, got ${typeof query.revoked}`)
    params.append('revoked', String(query.revoked))
  }
  return params
}

/** Get All Subscription Statuses filter: `status=1&status=2…`. Internal. */
export function statusParams(status: readonly number[] | undefined): URLSearchParams {
  const params = new URLSearchParams()
  for (const value of status ?? []) {
    if (!Number.isInteger(value) || value < 1) {
      throw invalid(`status filters must be positive integers (1 active … 5 revoked), got ${String(value)}`)
    }
    params.append('status', String(value))
  }
  return params
}

/**
 * Checks a Get Notification History body against the rules Apple states (dates present and in
 * order, `transactionId` xor `notificationType`, subtype only with its type) and returns a copy
 * holding only the given fields. Internal.
 */
export function notificationHistoryBody(request: NotificationHistoryRequest): NotificationHistoryRequest {
  if (typeof request !== 'object' || request === null) {
    throw invalid('getNotificationHistory expects a request object with startDate and endDate (epoch ms)')
  }
  const startDate = epochMs('startDate', request.startDate)
  const endDate = epochMs('endDate', request.endDate)
  if (startDate > endDate) {
    throw invalid(`startDate ${startDate} is after endDate ${endDate}: swap them`)
  }
  if (request.transactionId !== undefined && request.notificationType !== undefined) {
    throw invalid(
      'transactionId and notificationType exclude each other in Get Notification History: keep one and filter the rest yourself',
    )
  }
  if (request.notificationSubtype !== undefined && request.notificationType === undefined) {
    throw invalid(`notificationSubtype ${request.notificationSubtype} needs its notificationType`)
  }
  if (request.onlyFailures !== undefined && typeof request.onlyFailures !== 'boolean') {
    throw invalid(`onlyFailures must be a boolean, got ${typeof request.onlyFailures}`)
  }
  return {
    startDate,
    endDate,
    ...(request.notificationType === undefined ? {} : { notificationType: text('notificationType', request.notificationType) }),
    ...(request.notificationSubtype === undefined
      ? {}
      : { notificationSubtype: text('notificationSubtype', request.notificationSubtype) }),
    ...(request.onlyFailures === undefined ? {} : { onlyFailures: request.onlyFailures }),
    ...(request.transactionId === undefined ? {} : { transactionId: text('transactionId', request.transactionId) }),
  }
}

function epochMs(name: string, value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value
  throw invalid(`${name} must be an epoch time in milliseconds (a non-negative integer), got ${String(value)}`)
}

function text(name: string, value: unknown): string {
  if (typeof value === 'string' && value !== '') return value
  throw invalid(`${name} must be a non-empty string, got ${typeof value === 'string' ? '""' : typeof value}`)
}

function list(name: string, values: readonly unknown[] | undefined): string[] {
  if (values === undefined) return []
  if (!Array.isArray(values)) throw invalid(`${name} must be an array of strings`)
  return values.map((value) => text(name, value))
}

function invalid(message: string): AppStoreNotificationError {
  return new AppStoreNotificationError('ERR_API_INPUT_INVALID', message)
}
