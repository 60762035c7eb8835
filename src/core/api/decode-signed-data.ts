// Response shape checks, and the verified, decoded objects added beside Apple's signed strings.
import { AppStoreNotificationError } from '../errors.js'
import type { ApiResponseVerifier } from './api-types.js'

type Json = Record<string, unknown>

/**
 * Adds decoded fields beside the signed ones when a verifier is present; returns the raw
 * response otherwise. Every shape it relies on is checked first, so a response that lacks a
 * signed field fails with `ERR_API_RESPONSE_INVALID` whether or not a verifier is set. Internal.
 */
export interface ResponseDecoder {
  transactionInfo(response: unknown): Promise<Json>
  transactionList(response: unknown, required: boolean): Promise<Json>
  statuses(response: unknown): Promise<Json>
  appTransactionInfo(response: unknown): Promise<Json>
  notificationHistory(response: unknown): Promise<Json>
  testNotificationToken(response: unknown): Promise<Json>
  testNotificationStatus(response: unknown): Promise<Json>
}

/** Creates the decoder of one client. Internal. */
export function createResponseDecoder(verifier: ApiResponseVerifier | undefined, endpoint: string): ResponseDecoder {
  const fail = (what: string): never => {
    throw new AppStoreNotificationError(
      'ERR_API_RESPONSE_INVALID',
      `${endpoint} answered without ${what}: the response does not look like the App Store Server API's`,
    )
  }
  const object = (value: unknown, what: string): Json =>
    typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : fail(what)
  const string = (container: Json, field: string): string => {
    const value = container[field]
    return typeof value === 'string' ? value : fail(`a string ${field}`)
  }
  const strings = (container: Json, field: string): readonly string[] => {
    const value = container[field]
    return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : fail(`an array ${field}`)
  }
  const objects = (container: Json, field: string): readonly Json[] => {
    const value = container[field]
    return Array.isArray(value) ? value.map((item) => object(item, `objects in ${field}`)) : fail(`an array ${field}`)
  }

  return {
    async transactionInfo(response) {
      const body = object(response, 'a JSON object')
      const jws = string(body, 'signedTransactionInfo')
      return verifier === undefined ? body : { ...body, transaction: await verifier.verifyTransaction(jws) }
    },
    async transactionList(response, required) {
      const body = object(response, 'a JSON object')
      if (!required && body['signedTransactions'] === undefined) return body
      const list = strings(body, 'signedTransactions')
      if (verifier === undefined) return body
      return { ...body, transactions: await Promise.all(list.map((jws) => verifier.verifyTransaction(jws))) }
    },
    async statuses(response) {
      const body = object(response, 'a JSON object')
      const data = await Promise.all(
        objects(body, 'data').map(async (group) => {
          const lastTransactions = await Promise.all(
            objects(group, 'lastTransactions').map(async (item) => {
              const transactionJws = string(item, 'signedTransactionInfo')
              const renewalJws = item['signedRenewalInfo']
              if (verifier === undefined) return item
              return {
                ...item,
                transaction: await verifier.verifyTransaction(transactionJws),
                // Apple omits renewal info for some statuses (e.g. revoked); decode it when present.
                ...(typeof renewalJws === 'string' ? { renewalInfo: await verifier.verifyRenewalInfo(renewalJws) } : {}),
              }
            }),
          )
          return { ...group, lastTransactions }
        }),
      )
      return { ...body, data }
    },
    async appTransactionInfo(response) {
      const body = object(response, 'a JSON object')
      const jws = string(body, 'signedAppTransactionInfo')
      return verifier === undefined ? body : { ...body, appTransaction: await verifier.verifyAppTransaction(jws) }
    },
    async notificationHistory(response) {
      const body = object(response, 'a JSON object')
      const items = objects(body, 'notificationHistory')
      const notificationHistory = await Promise.all(
        items.map(async (item) => {
          const jws = string(item, 'signedPayload')
          return verifier === undefined ? item : { ...item, notification: await verifier.verifyNotification(jws) }
        }),
      )
      return { ...body, notificationHistory }
    },
    async testNotificationToken(response) {
      const body = object(response, 'a JSON object')
      string(body, 'testNotificationToken')
      return body
    },
    async testNotificationStatus(response) {
      const body = object(response, 'a JSON object')
      const jws = string(body, 'signedPayload')
      return verifier === undefined ? body : { ...body, notification: await verifier.verifyNotification(jws) }
    },
  }
}
