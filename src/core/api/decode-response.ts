// Every 2xx JSON body is checked against its model's schema (unknown fields kept); with a verifier,
// each signed string is then verified and its decoded object added beside it.
import type { z } from 'zod'
import {
  appTransactionInfoResponseSchema,
  checkTestNotificationResponseSchema,
  historyResponseSchema,
  notificationHistoryResponseSchema,
  orderLookupResponseSchema,
  refundHistoryResponseSchema,
  sendTestNotificationResponseSchema,
  statusResponseSchema,
  transactionInfoResponseSchema,
} from '../models/api-responses.js'
import { parseModel } from '../models/parse-model.js'
import type { Transaction } from '../models/transaction.js'
import type { ApiResponseVerifier } from './api-types.js'
import type { ApiResponses, DecodedApiResponses } from './decoded-responses.js'

interface ResponseKind<Raw, Decoded> {
  readonly schema: z.ZodType<Raw>
  readonly decode: (body: Raw, verifier: ApiResponseVerifier) => Promise<Decoded>
}

type ResponseKinds = { readonly [K in keyof ApiResponses]: ResponseKind<ApiResponses[K], DecodedApiResponses[K]> }

const transactions = (jwsList: readonly string[], verifier: ApiResponseVerifier): Promise<Transaction[]> =>
  Promise.all(jwsList.map((jws) => verifier.verifyTransaction(jws)))

const KINDS: ResponseKinds = {
  transactionInfo: {
    schema: transactionInfoResponseSchema,
    decode: async (body, verifier) => ({ ...body, transaction: await verifier.verifyTransaction(body.signedTransactionInfo) }),
  },
  transactionHistory: {
    schema: historyResponseSchema,
    decode: async (body, verifier) => ({ ...body, transactions: await transactions(body.signedTransactions, verifier) }),
  },
  subscriptionStatuses: {
    schema: statusResponseSchema,
    decode: async (body, verifier) => ({
      ...body,
      data: await Promise.all(
        body.data.map(async (group) => ({
          ...group,
          lastTransactions: await Promise.all(
            group.lastTransactions.map(async (item) => {
              const [transaction, renewalInfo] = await Promise.all([
                verifier.verifyTransaction(item.signedTransactionInfo),
                verifier.verifyRenewalInfo(item.signedRenewalInfo),
              ])
              return { ...item, transaction, renewalInfo }
            }),
          ),
        })),
      ),
    }),
  },
  refundHistory: {
    schema: refundHistoryResponseSchema,
    decode: async (body, verifier) => ({ ...body, transactions: await transactions(body.signedTransactions, verifier) }),
  },
  orderLookup: {
    schema: orderLookupResponseSchema,
    // An invalid order comes without signedTransactions; nothing to decode then.
    decode: async (body, verifier) =>
      body.signedTransactions === undefined ? body : { ...body, transactions: await transactions(body.signedTransactions, verifier) },
  },
  appTransactionInfo: {
    schema: appTransactionInfoResponseSchema,
    decode: async (body, verifier) => ({
      ...body,
      appTransaction: await verifier.verifyAppTransaction(body.signedAppTransactionInfo),
    }),
  },
  notificationHistory: {
    schema: notificationHistoryResponseSchema,
    decode: async (body, verifier) => ({
      ...body,
      notificationHistory: await Promise.all(
        body.notificationHistory.map(async (item) => ({ ...item, notification: await verifier.verifyNotification(item.signedPayload) })),
      ),
    }),
  },
  testNotification: { schema: sendTestNotificationResponseSchema, decode: async (body) => body },
  testNotificationStatus: {
    schema: checkTestNotificationResponseSchema,
    decode: async (body, verifier) => ({ ...body, notification: await verifier.verifyNotification(body.signedPayload) }),
  },
}

/**
 * Checks one 2xx body against the model of its endpoint, throwing `ERR_API_RESPONSE_INVALID`
 * naming the endpoint and the field, then decodes its signed strings when `verifier` is set
 * (verification failures keep the verifier's codes). Internal.
 */
export async function decodeResponse<K extends keyof ApiResponses>(
  kind: K,
  response: unknown,
  context: { readonly endpoint: string; readonly verifier: ApiResponseVerifier | undefined },
): Promise<ApiResponses[K]> {
  const { schema, decode }: ResponseKind<ApiResponses[K], DecodedApiResponses[K]> = KINDS[kind]
  const body = parseModel(schema, response, { kind: `${context.endpoint} response`, code: 'ERR_API_RESPONSE_INVALID' })
  return context.verifier === undefined ? body : decode(body, context.verifier)
}
