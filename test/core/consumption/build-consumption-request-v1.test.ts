import { describe, expect, it } from 'vitest'
import { buildConsumptionRequestV1, type ConsumptionInputV1 } from '../../../src/core/consumption/build-consumption-request-v1.js'

const base = { customerConsented: true, sampleContentProvided: false, deliveryStatus: 'DELIVERED' } as const

describe('buildConsumptionRequestV1', () => {
  it('sends 0 ("undeclared") for everything left out', () => {
    expect(buildConsumptionRequestV1(base)).toStrictEqual({
      customerConsented: true,
      sampleContentProvided: false,
      deliveryStatus: 0,
      consumptionStatus: 0,
      platform: 0,
      userStatus: 0,
      refundPreference: 0,
      appAccountToken: '',
      accountTenure: 0,
      playTime: 0,
      lifetimeDollarsPurchased: 0,
      lifetimeDollarsRefunded: 0,
    })
  })

  it('maps readable values to Apple’s integer codes', () => {
    expect(
      buildConsumptionRequestV1({
        customerConsented: true,
        sampleContentProvided: true,
        deliveryStatus: 'UNDELIVERED_CURRENCY_CHANGE',
        consumptionStatus: 'FULLY_CONSUMED',
        platform: 'NON_APPLE',
        userStatus: 'LIMITED_ACCESS',
        refundPreference: 'PREFER_DECLINE',
        appAccountToken: '7E3FB20B-4CDB-47CC-936D-99D65F608138',
      }),
    ).toMatchObject({
      deliveryStatus: 4,
      consumptionStatus: 3,
      platform: 2,
      userStatus: 4,
      refundPreference: 2,
      appAccountToken: '7E3FB20B-4CDB-47CC-936D-99D65F608138',
    })
  })

  it.each([
    [0, 1],
    [2.9, 1],
    [3, 2],
    [29, 3],
    [30, 4],
    [179, 5],
    [364, 6],
    [365, 7],
    [4000, 7],
  ])('account tenure of %d days → bucket %i', (accountTenureDays, accountTenure) => {
    expect(buildConsumptionRequestV1({ ...base, accountTenureDays }).accountTenure).toBe(accountTenure)
  })

  it.each([
    [4, 1],
    [5, 2],
    [59, 2],
    [60, 3],
    [6 * 60, 4],
    [24 * 60, 5],
    [4 * 24 * 60, 6],
    [16 * 24 * 60, 7],
  ])('play time of %d minutes → bucket %i', (playTimeMinutes, playTime) => {
    expect(buildConsumptionRequestV1({ ...base, playTimeMinutes }).playTime).toBe(playTime)
  })

  it.each([
    [0, 1],
    [0.01, 2],
    [49.99, 2],
    [50, 3],
    [100, 4],
    [999.99, 5],
    [1000, 6],
    [2000, 7],
  ])('lifetime dollars %d → bucket %i', (dollars, code) => {
    const body = buildConsumptionRequestV1({ ...base, lifetimeDollarsPurchased: dollars, lifetimeDollarsRefunded: dollars })
    expect([body.lifetimeDollarsPurchased, body.lifetimeDollarsRefunded]).toEqual([code, code])
  })

  it('requires consent', () => {
    expect(() => buildConsumptionRequestV1({ ...base, customerConsented: false })).toThrow(
      expect.objectContaining({ code: 'ERR_CONSUMPTION_NO_CONSENT' }),
    )
  })

  it.each([
    ['a V2-only delivery status name', { deliveryStatus: 'LOST' }],
    ['a missing delivery status', { deliveryStatus: undefined }],
    ['a raw integer instead of a name', { consumptionStatus: 2 }],
    ['a negative quantity', { playTimeMinutes: -1 }],
    ['a non-number quantity', { accountTenureDays: '30' }],
    ['a malformed appAccountToken', { appAccountToken: 'user-42' }],
    ['a non-boolean sampleContentProvided', { sampleContentProvided: 1 }],
  ])('rejects %s', (_name, extra) => {
    expect(() => buildConsumptionRequestV1({ ...base, ...extra } as unknown as ConsumptionInputV1)).toThrow(
      expect.objectContaining({ code: 'ERR_CONSUMPTION_INPUT_INVALID' }),
    )
  })
})
