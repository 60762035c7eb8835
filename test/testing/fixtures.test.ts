// The committed fixtures/ folder: up to date with the generator, and every file verifies (or
// fails) exactly as fixtures/index.json says, with our verifier and with Apple's library.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Environment, SignedDataVerifier } from '@apple/app-store-server-library'
import { beforeAll, describe, expect, it } from 'vitest'
import { createNotificationVerifier, NOTIFICATION_TYPES } from 'app-store-notifications'
import { FIXTURE_SETTINGS, generateFixtures, type FixtureIndexEntry } from '../../src/testing/generate-fixtures.js'
import { importTestChain, type TestChainFile } from '../../src/testing/test-chain-file.js'

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url))
const read = (path: string): string | undefined => {
  const file = join(FIXTURES, path)
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined
}
const walk = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]))
    : []
const index = JSON.parse(read('index.json') ?? '{"fixtures":[]}') as { fixtures: FixtureIndexEntry[] }

describe('fixtures/', () => {
  let generated: Record<string, string>
  beforeAll(async () => {
    generated = await generateFixtures({ read })
  })

  it('is what `npm run fixtures` generates today (stale files fail here: run it and commit)', () => {
    const stale = Object.entries(generated).filter(([path, text]) => read(path) !== text).map(([path]) => path)
    expect(stale, 'stale fixtures: run `npm run fixtures`').toEqual([])
    const leftovers = ['notifications', 'negative', 'test-chain']
      .flatMap((folder) => walk(join(FIXTURES, folder)))
      .map((file) => relative(FIXTURES, file).split(sep).join('/'))
      .filter((path) => !(path in generated))
    expect(leftovers, 'files the generator no longer produces').toEqual([])
  })

  it('has a Sandbox body for every type/subtype pair of NOTIFICATION_TYPES, and a Production TEST', () => {
    const valid = index.fixtures.filter((entry) => entry.expected === 'valid')
    const pairs = Object.entries(NOTIFICATION_TYPES).flatMap(([type, entry]) => entry.subtypes.map((subtype) => `${type}/${subtype}`))
    expect(valid.filter((entry) => entry.environment === 'Sandbox').map((entry) => `${entry.notificationType}/${entry.subtype}`).sort()).toEqual(pairs.sort())
    expect(valid.filter((entry) => entry.environment === 'Production')).toMatchObject([{ notificationType: 'TEST', appAppleId: FIXTURE_SETTINGS.appAppleId }])
  })

  it.each(index.fixtures.map((entry) => [entry.file, entry] as const))('%s verifies as index.json says', async (file, entry) => {
    const verifier = createNotificationVerifier({
      bundleId: entry.bundleId,
      environment: entry.environment,
      ...(entry.appAppleId === null ? {} : { appAppleId: entry.appAppleId }),
      rootCertificates: [read(entry.root)!],
    })
    const outcome = verifier.verifyNotification(read(file)!)
    if (entry.expected === 'valid') {
      await expect(outcome).resolves.toMatchObject({ notificationType: entry.notificationType, notificationUUID: entry.notificationUUID })
    } else {
      await expect(outcome).rejects.toMatchObject({ code: entry.expected })
    }
  })

  it("passes Apple's SignedDataVerifier for every valid file, with the committed root", async () => {
    const root = Buffer.from(read(FIXTURE_SETTINGS.root)!.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64')
    for (const entry of index.fixtures.filter((candidate) => candidate.expected === 'valid')) {
      const environment = entry.environment === 'Production' ? Environment.PRODUCTION : Environment.SANDBOX
      const apple = new SignedDataVerifier([root], false, environment, entry.bundleId, entry.appAppleId ?? undefined)
      const { signedPayload } = JSON.parse(read(entry.file)!) as { signedPayload: string }
      await expect(apple.verifyAndDecodeNotification(signedPayload), entry.file).resolves.toMatchObject({ notificationUUID: entry.notificationUUID })
    }
  })

  it('ships a loadable test chain whose PEM files are the ones in chain.json', async () => {
    const file = JSON.parse(read('test-chain/chain.json')!) as TestChainFile
    await expect(importTestChain(file)).resolves.toBeDefined()
    expect(read('test-chain/root.pem')).toBe(file.root.certificate)
    expect(read('test-chain/intermediate.pem')).toBe(file.intermediate.certificate)
    expect(read('test-chain/leaf.pem')).toBe(file.leaf.certificate)
    expect(read('test-chain/leaf-key.pem')).toBe(file.leaf.privateKey)
    expect(file.warning).toMatch(/never trust/i)
  })
})
