import { expectTypeOf, test } from 'vitest'
import type { AppStoreServerApiOptions } from '../../../src/core/api/api-types.js'
import { createAppStoreServerApi } from '../../../src/core/api/create-app-store-server-api.js'
import type { ConsumptionRequest } from '../../../src/core/consumption/consumption-rules.js'

declare const options: AppStoreServerApiOptions
interface Transaction {
  transactionId: string
}
const verifier = {
  verifyTransaction: async (_jws: string): Promise<Transaction> => ({ transactionId: '1' }),
  verifyRenewalInfo: async (_jws: string) => ({ autoRenewStatus: 1 as const }),
  verifyNotification: async (_input: string) => ({ notificationType: 'TEST' as const }),
  verifyAppTransaction: async (_jws: string) => ({ bundleId: 'b' }),
}

test('decoded fields take the verifier’s types', async () => {
  const typed = createAppStoreServerApi({ ...options, verifier })
  const info = await typed.getTransactionInfo('1')
  expectTypeOf(info.transaction).toEqualTypeOf<Transaction | undefined>()
  const history = await typed.getNotificationHistory({ startDate: 0, endDate: 1 })
  expectTypeOf(history.notificationHistory[0]?.notification).toEqualTypeOf<{ notificationType: 'TEST' } | undefined>()

  const raw = createAppStoreServerApi(options)
  expectTypeOf((await raw.getTransactionInfo('1')).transaction).toEqualTypeOf<unknown>()
})

test('a consumption body without consent does not compile', () => {
  // @ts-expect-error customerConsented must be the literal true
  const body: ConsumptionRequest = { customerConsented: false, deliveryStatus: 'DELIVERED', sampleContentProvided: false }
  expectTypeOf(body).toEqualTypeOf<ConsumptionRequest>()
  // @ts-expect-error deliveryStatus takes Apple's names only
  expectTypeOf<ConsumptionRequest>().toMatchTypeOf<{ deliveryStatus: 'LOST' }>()
})
