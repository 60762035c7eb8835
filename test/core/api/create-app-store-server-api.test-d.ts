import type { AppTransaction, NotificationVerifier, RenewalInfo, Transaction, TransactionInfoResponse, VerifiedNotification } from 'app-store-notifications'
import { expectTypeOf, test } from 'vitest'
import type { AppStoreServerApiOptions } from '../../../src/core/api/api-types.js'
import { createAppStoreServerApi, type AppStoreServerApi } from '../../../src/core/api/create-app-store-server-api.js'
import type { DecodedApiResponses } from '../../../src/core/api/decoded-responses.js'
import type { ConsumptionRequest } from '../../../src/core/consumption/consumption-rules.js'

declare const options: AppStoreServerApiOptions
declare const verifier: NotificationVerifier

test('with the verifier, decoded fields are the models and always present', async () => {
  const api = createAppStoreServerApi({ ...options, verifier })
  expectTypeOf(api).toEqualTypeOf<AppStoreServerApi<DecodedApiResponses>>()
  expectTypeOf((await api.getTransactionInfo('1')).transaction).toEqualTypeOf<Transaction>()
  expectTypeOf((await api.getTransactionHistory('1')).transactions).toEqualTypeOf<Transaction[]>()
  const item = (await api.getAllSubscriptionStatuses('1')).data[0]?.lastTransactions[0]
  expectTypeOf(item?.renewalInfo).toEqualTypeOf<RenewalInfo | undefined>()
  expectTypeOf((await api.lookUpOrderId('1')).transactions).toEqualTypeOf<Transaction[] | undefined>()
  expectTypeOf((await api.getAppTransactionInfo('1')).appTransaction).toEqualTypeOf<AppTransaction>()
  const history = await api.getNotificationHistory({ startDate: 0, endDate: 1 })
  expectTypeOf(history.notificationHistory[0]?.notification).toEqualTypeOf<VerifiedNotification | undefined>()
  expectTypeOf((await api.getTestNotificationStatus('t')).notification).toEqualTypeOf<VerifiedNotification>()
})

test('without a verifier, responses are the models as Apple sends them', async () => {
  const raw = createAppStoreServerApi(options)
  expectTypeOf(await raw.getTransactionInfo('1')).toEqualTypeOf<TransactionInfoResponse>()
  expectTypeOf(await raw.getTransactionInfo('1')).not.toHaveProperty('transaction')
})

test('a decoding client is usable wherever a client is expected', () => {
  const useClient = (_api: AppStoreServerApi): void => {}
  useClient(createAppStoreServerApi({ ...options, verifier }))
  // A verifier that returns other types is refused.
  // @ts-expect-error verifyTransaction must resolve to a Transaction
  createAppStoreServerApi({ ...options, verifier: { ...verifier, verifyTransaction: async (_jws: string) => 42 } })
})

test('a consumption body without consent does not compile', () => {
  // @ts-expect-error customerConsented must be the literal true
  const body: ConsumptionRequest = { customerConsented: false, deliveryStatus: 'DELIVERED', sampleContentProvided: false }
  expectTypeOf(body).toEqualTypeOf<ConsumptionRequest>()
  // @ts-expect-error deliveryStatus takes Apple's names only
  expectTypeOf<ConsumptionRequest>().toMatchTypeOf<{ deliveryStatus: 'LOST' }>()
})
