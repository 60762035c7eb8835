import { describe, expect, it } from 'vitest'
import { buildConsumptionRequest, type ConsumptionInput } from '../../../src/core/consumption/build-consumption-request.js'
import type { ConsumptionProductType, DeliveryStatus, RefundPreference } from '../../../src/core/consumption/consumption-rules.js'

const DELIVERY: DeliveryStatus[] = [
  'DELIVERED',
  'UNDELIVERED_QUALITY_ISSUE',
  'UNDELIVERED_WRONG_ITEM',
  'UNDELIVERED_SERVER_OUTAGE',
  'UNDELIVERED_OTHER',
]
const REFUND: (RefundPreference | undefined)[] = [undefined, 'DECLINE', 'GRANT_FULL', 'GRANT_PRORATED']
const PRODUCTS: (ConsumptionProductType | undefined)[] = [
  undefined,
  'Auto-Renewable Subscription',
  'Non-Consumable',
  'Consumable',
  'Non-Renewing Subscription',
]
// The consumed share: absent, zero, partial, all of it — each given as a fraction and as a percentage.
const SHARES = [
  { name: 'absent', milliunits: undefined, fraction: undefined, percent: undefined },
  { name: 'zero', milliunits: 0, fraction: 0, percent: 0 },
  { name: 'partial', milliunits: 25_000, fraction: 0.25, percent: 25 },
  { name: 'full', milliunits: 100_000, fraction: 1, percent: 100 },
] as const

type Expected = { code: string } | { percentage: number | undefined }

/** Apple's rules (apple.md §5.3), stated per case: R1 consent, R3 subscriptions, R4 undelivered, R5 prorated. */
function expected(consent: boolean, delivery: DeliveryStatus, refund: RefundPreference | undefined, product: ConsumptionProductType | undefined, share: number | undefined): Expected {
  const subscription = product === 'Auto-Renewable Subscription'
  if (!consent) return { code: 'ERR_CONSUMPTION_NO_CONSENT' }
  if (subscription && share !== undefined) return { code: 'ERR_CONSUMPTION_SUBSCRIPTION_PERCENTAGE' }
  if (delivery !== 'DELIVERED' && share !== undefined && share > 0) return { code: 'ERR_CONSUMPTION_UNDELIVERED_NONZERO' }
  const proratedNeedsShare =
    refund === 'GRANT_PRORATED' &&
    !subscription &&
    (share === 0 || share === 100_000 || (share === undefined && product !== undefined))
  if (proratedNeedsShare) return { code: 'ERR_CONSUMPTION_PRORATED_NEEDS_PERCENTAGE' }
  return { percentage: share }
}

const cases = [true, false].flatMap((consent) =>
  DELIVERY.flatMap((delivery) =>
    REFUND.flatMap((refund) =>
      PRODUCTS.flatMap((product) => SHARES.flatMap((share) => (['fraction', 'percent'] as const).map((form) => ({ consent, delivery, refund, product, share, form })))),
    ),
  ),
)

describe('buildConsumptionRequest rule matrix', () => {
  it.each(cases)('consent $consent, $delivery, $refund, $product, share $share.name as $form', ({ consent, delivery, refund, product, share, form }) => {
    const input: ConsumptionInput = {
      customerConsented: consent,
      deliveryStatus: delivery,
      sampleContentProvided: false,
      ...(refund === undefined ? {} : { refundPreference: refund }),
      ...(product === undefined ? {} : { productType: product }),
      ...(share.fraction === undefined ? {} : form === 'fraction' ? { consumedFraction: share.fraction } : { consumedPercent: share.percent }),
    }
    const outcome = expected(consent, delivery, refund, product, share.milliunits)
    if ('code' in outcome) {
      expect(() => buildConsumptionRequest(input)).toThrow(expect.objectContaining({ code: outcome.code }))
    } else {
      expect(buildConsumptionRequest(input)).toStrictEqual({
        customerConsented: true,
        deliveryStatus: delivery,
        sampleContentProvided: false,
        ...(refund === undefined ? {} : { refundPreference: refund }),
        ...(outcome.percentage === undefined ? {} : { consumptionPercentage: outcome.percentage }),
      })
    }
  })

  it('covers allowed and rejected cases of every kind', () => {
    const tally = new Map<string, number>()
    for (const c of cases) {
      const outcome = expected(c.consent, c.delivery, c.refund, c.product, c.share.milliunits)
      const key = 'code' in outcome ? outcome.code : 'allowed'
      tally.set(key, (tally.get(key) ?? 0) + 1)
    }
    expect(cases).toHaveLength(2 * 5 * 4 * 5 * 4 * 2)
    expect(Object.fromEntries(tally)).toEqual({
      ERR_CONSUMPTION_NO_CONSENT: 800,
      ERR_CONSUMPTION_SUBSCRIPTION_PERCENTAGE: 120,
      ERR_CONSUMPTION_UNDELIVERED_NONZERO: 256,
      ERR_CONSUMPTION_PRORATED_NEEDS_PERCENTAGE: 78,
      allowed: 346,
    })
  })
})

describe('buildConsumptionRequest, hand-checked cases', () => {
  const base = { customerConsented: true, deliveryStatus: 'DELIVERED', sampleContentProvided: true } as const

  it('returns Apple’s exact wire body', () => {
    expect(buildConsumptionRequest({ ...base, consumedFraction: 0.5, refundPreference: 'GRANT_PRORATED', productType: 'Consumable' })).toStrictEqual({
      customerConsented: true,
      deliveryStatus: 'DELIVERED',
      sampleContentProvided: true,
      refundPreference: 'GRANT_PRORATED',
      consumptionPercentage: 50_000,
    })
  })

  it('lets an undelivered subscription omit the share (Apple computes it)', () => {
    expect(buildConsumptionRequest({ ...base, deliveryStatus: 'UNDELIVERED_SERVER_OUTAGE', refundPreference: 'GRANT_PRORATED', productType: 'Auto-Renewable Subscription' })).toStrictEqual({
      customerConsented: true,
      deliveryStatus: 'UNDELIVERED_SERVER_OUTAGE',
      sampleContentProvided: true,
      refundPreference: 'GRANT_PRORATED',
    })
  })

  it('refuses a zero share on a subscription, and any prorated share of 0 or 100 %', () => {
    expect(() => buildConsumptionRequest({ ...base, consumedFraction: 0, productType: 'Auto-Renewable Subscription' })).toThrow(
      expect.objectContaining({ code: 'ERR_CONSUMPTION_SUBSCRIPTION_PERCENTAGE' }),
    )
    expect(() => buildConsumptionRequest({ ...base, consumedPercent: 100, refundPreference: 'GRANT_PRORATED' })).toThrow(
      expect.objectContaining({ code: 'ERR_CONSUMPTION_PRORATED_NEEDS_PERCENTAGE' }),
    )
  })

  it('refuses consent given as anything but true', () => {
    for (const customerConsented of [false, 'true', 1, undefined, null]) {
      expect(() => buildConsumptionRequest({ ...base, customerConsented } as unknown as ConsumptionInput)).toThrow(
        expect.objectContaining({ code: 'ERR_CONSUMPTION_NO_CONSENT' }),
      )
    }
  })
})

describe('consumed share conversion', () => {
  const build = (share: Partial<ConsumptionInput>) =>
    buildConsumptionRequest({ customerConsented: true, deliveryStatus: 'DELIVERED', sampleContentProvided: false, ...share }).consumptionPercentage

  it.each([
    [{ consumedFraction: 0.67932 }, 67_932],
    [{ consumedPercent: 67.932 }, 67_932],
    [{ consumedFraction: 0.1 + 0.2 }, 30_000],
    [{ consumedPercent: 33.3333 }, 33_333],
    [{ consumedPercent: 33.3335 }, 33_334],
    [{ consumedFraction: 0.000004 }, 0],
    [{ consumedFraction: 0.000005 }, 1],
    [{ consumedFraction: 0.999996 }, 100_000],
    [{ consumedFraction: 1 }, 100_000],
    [{ consumedPercent: 0 }, 0],
    [{ consumedPercent: 100 }, 100_000],
  ])('%o → %i milliunits', (share, milliunits) => {
    expect(build(share)).toBe(milliunits)
  })

  it.each([[{ consumedFraction: -0.01 }], [{ consumedFraction: 1.0001 }], [{ consumedFraction: 67.9 }], [{ consumedPercent: -1 }], [{ consumedPercent: 100.01 }]])(
    'rejects %o as out of range',
    (share) => {
      expect(() => build(share)).toThrow(expect.objectContaining({ code: 'ERR_CONSUMPTION_PERCENTAGE_OUT_OF_RANGE' }))
    },
  )

  it.each([
    [{ consumedFraction: Number.NaN }],
    [{ consumedPercent: Number.POSITIVE_INFINITY }],
    [{ consumedFraction: '0.5' as unknown as number }],
    [{ consumedFraction: 0.5, consumedPercent: 50 }],
  ])('rejects %o as invalid input', (share) => {
    expect(() => build(share)).toThrow(expect.objectContaining({ code: 'ERR_CONSUMPTION_INPUT_INVALID' }))
  })
})

describe('input validation', () => {
  const base = { customerConsented: true, deliveryStatus: 'DELIVERED', sampleContentProvided: false } as const

  it.each([
    ['an unknown deliveryStatus', { deliveryStatus: 'LOST' }],
    ['a V1 numeric deliveryStatus', { deliveryStatus: 0 }],
    ['an unknown refundPreference', { refundPreference: 'PREFER_GRANT' }],
    ['an unknown productType', { productType: 'AUTO_RENEWABLE' }],
    ['a non-boolean sampleContentProvided', { sampleContentProvided: 'no' }],
  ])('rejects %s', (_name, extra) => {
    expect(() => buildConsumptionRequest({ ...base, ...extra } as unknown as ConsumptionInput)).toThrow(
      expect.objectContaining({ code: 'ERR_CONSUMPTION_INPUT_INVALID' }),
    )
  })

  it('rejects a missing input object', () => {
    expect(() => buildConsumptionRequest(undefined as unknown as ConsumptionInput)).toThrow(
      expect.objectContaining({ code: 'ERR_CONSUMPTION_INPUT_INVALID' }),
    )
  })
})
