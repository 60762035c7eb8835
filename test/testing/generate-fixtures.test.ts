import { beforeAll, describe, expect, it } from 'vitest'
import { createNotificationVerifier, NOTIFICATION_TYPES } from 'app-store-notifications'
import { NEGATIVE_CASES } from '../../src/testing/create-negative-notifications.js'
import { FIXTURE_SETTINGS, generateFixtures, type FixtureIndexEntry } from '../../src/testing/generate-fixtures.js'
import { tamperJws } from '../../src/testing/negative-variants.js'

let first: Record<string, string>
const reader = (files: Record<string, string>) => (path: string): string | undefined => files[path]

beforeAll(async () => {
  first = await generateFixtures({ read: () => undefined, newChain: true })
})

describe('generateFixtures', () => {
  it('produces one body per type/subtype pair, a Production TEST, every negative case, the index and the chain', () => {
    const pairs = Object.values(NOTIFICATION_TYPES).reduce((count, entry) => count + entry.subtypes.length, 0)
    const paths = Object.keys(first)
    expect(paths.filter((path) => path.startsWith('notifications/'))).toHaveLength(pairs + 1)
    expect(paths.filter((path) => path.startsWith('negative/'))).toHaveLength(NEGATIVE_CASES.length)
    expect(paths).toEqual(expect.arrayContaining(['index.json', 'notifications/production/TEST.json', 'notifications/EXPIRED.VOLUNTARY.json',
      'notifications/REFUND.json', 'test-chain/chain.json', 'test-chain/root.pem', 'test-chain/leaf-key.pem']))
    const index = JSON.parse(first['index.json']!) as { fixtures: FixtureIndexEntry[] }
    expect(index.fixtures.map((entry) => entry.file).sort()).toEqual(paths.filter((path) => /^(notifications|negative)\//.test(path)).sort())
  })

  it('regenerates byte-identical files from its own output, signatures included', async () => {
    const second = await generateFixtures({ read: reader(first) })
    expect(second).toEqual(first)
  })

  it('writes bodies the verifier judges as index.json says, against test-chain/root.pem', async () => {
    const index = JSON.parse(first['index.json']!) as { fixtures: FixtureIndexEntry[] }
    const root = first[FIXTURE_SETTINGS.root]!
    for (const entry of index.fixtures) {
      const verifier = createNotificationVerifier({
        bundleId: entry.bundleId,
        environment: entry.environment,
        ...(entry.appAppleId === null ? {} : { appAppleId: entry.appAppleId }),
        rootCertificates: [root],
      })
      const outcome = verifier.verifyNotification(first[entry.file]!)
      if (entry.expected === 'valid') await expect(outcome, entry.file).resolves.toMatchObject({ notificationType: entry.notificationType })
      else await expect(outcome, entry.file).rejects.toMatchObject({ code: entry.expected })
    }
  })

  it('never reuses a committed signature that does not verify', async () => {
    const original = JSON.parse(first['notifications/REFUND.json']!) as { signedPayload: string }
    const tampered = { ...first, 'notifications/REFUND.json': JSON.stringify({ signedPayload: tamperJws(original.signedPayload, 'signature') }) }
    const regenerated = await generateFixtures({ read: reader(tampered) })
    const fresh = (JSON.parse(regenerated['notifications/REFUND.json']!) as { signedPayload: string }).signedPayload
    expect(fresh.split('.').slice(0, 2)).toEqual(original.signedPayload.split('.').slice(0, 2))
    expect(fresh).not.toBe(tamperJws(original.signedPayload, 'signature'))
    const verifier = createNotificationVerifier({ bundleId: FIXTURE_SETTINGS.bundleId, environment: 'Sandbox', rootCertificates: [first[FIXTURE_SETTINGS.root]!] })
    await expect(verifier.verifyNotification(fresh)).resolves.toMatchObject({ notificationType: 'REFUND' })
  })

  it('refuses to invent a chain unless asked', async () => {
    await expect(generateFixtures({ read: () => undefined })).rejects.toThrow(/test-chain\/chain\.json is missing/)
  })
})
