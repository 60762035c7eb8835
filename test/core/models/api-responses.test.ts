import { describe, expect, test } from 'vitest'
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
} from '../../../src/core/models/api-responses.js'

const jws = 'header.payload.signature'

describe('API response schemas', () => {
  test.each([
    ['TransactionInfoResponse', transactionInfoResponseSchema, { signedTransactionInfo: jws }],
    [
      'HistoryResponse',
      historyResponseSchema,
      { revision: 'r', hasMore: false, bundleId: 'b', appAppleId: 1, environment: 'Sandbox', signedTransactions: [jws] },
    ],
    [
      'StatusResponse',
      statusResponseSchema,
      {
        environment: 'Production',
        bundleId: 'b',
        appAppleId: 1,
        data: [
          {
            subscriptionGroupIdentifier: '21752814',
            lastTransactions: [
              { status: 1, originalTransactionId: '1', signedTransactionInfo: jws, signedRenewalInfo: jws },
            ],
          },
        ],
      },
    ],
    ['RefundHistoryResponse', refundHistoryResponseSchema, { signedTransactions: [], revision: 'r', hasMore: true }],
    ['OrderLookupResponse', orderLookupResponseSchema, { status: 0, signedTransactions: [jws] }],
    ['AppTransactionInfoResponse', appTransactionInfoResponseSchema, { signedAppTransactionInfo: jws }],
    [
      'NotificationHistoryResponse',
      notificationHistoryResponseSchema,
      {
        notificationHistory: [
          {
            signedPayload: jws,
            sendAttempts: [{ attemptDate: 1, sendAttemptResult: 'SUCCESS' }],
            firstSendAttemptResult: 'SUCCESS',
          },
        ],
        hasMore: true,
        paginationToken: 'p',
      },
    ],
    ['SendTestNotificationResponse', sendTestNotificationResponseSchema, { testNotificationToken: 't' }],
    [
      'CheckTestNotificationResponse',
      checkTestNotificationResponseSchema,
      { signedPayload: jws, sendAttempts: [{ attemptDate: 1, sendAttemptResult: 'A_NEW_RESULT' }] },
    ],
  ] as const)('%s parses unchanged and keeps unknown fields', (_, schema, body) => {
    const withExtra = { ...body, futureField: 1 }
    expect(schema.parse(withExtra)).toEqual(withExtra)
  })

  test.each([
    ['HistoryResponse without signedTransactions', historyResponseSchema, { revision: 'r', hasMore: false }],
    ['StatusResponse with a string status', statusResponseSchema, {
      data: [{ subscriptionGroupIdentifier: 'g', lastTransactions: [{ status: '1', originalTransactionId: '1', signedTransactionInfo: jws, signedRenewalInfo: jws }] }],
    }],
    ['NotificationHistoryResponse with a string hasMore', notificationHistoryResponseSchema, { notificationHistory: [], hasMore: 'false' }],
    ['OrderLookupResponse without status', orderLookupResponseSchema, { signedTransactions: [] }],
    ['SendTestNotificationResponse with a numeric token', sendTestNotificationResponseSchema, { testNotificationToken: 1 }],
  ] as const)('rejects %s', (_, schema, body) => {
    expect(schema.safeParse(body).success).toBe(false)
  })
})
