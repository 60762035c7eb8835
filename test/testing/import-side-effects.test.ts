// Importing the testing kit must not touch globals. Dependencies are loaded first because pkijs 4
// itself writes `globalThis[process.pid].pkijs.engine` when imported under Node (its own
// engine registration) and zod 4 its `__zod_*` config; those writes are checked to be the only
// ones, then our modules (the core included) must add none.
import { describe, expect, it } from 'vitest'

const snapshot = (): { global: (string | symbol)[]; reflect: (string | symbol)[] } => ({
  global: Reflect.ownKeys(globalThis),
  reflect: Reflect.ownKeys(Reflect),
})

describe('importing src/testing modules', () => {
  it('leaves globalThis and Reflect unchanged', async () => {
    const initial = snapshot()
    await Promise.all([import('pkijs'), import('asn1js'), import('jose'), import('zod')])
    const afterDependencies = snapshot()
    const addedByDependencies = afterDependencies.global.filter((key) => !initial.global.includes(key))
    // zod 4 (a dependency of the core) registers its global config and registry on import.
    expect(addedByDependencies.filter((key) => key !== String(process.pid) && !String(key).startsWith('__zod_'))).toEqual([])
    expect(afterDependencies.reflect).toEqual(initial.reflect)

    await Promise.all([
      import('../../src/testing/create-test-chain.js'),
      import('../../src/testing/create-test-signer.js'),
      import('../../src/testing/negative-variants.js'),
      import('../../src/testing/ocsp-responder.js'),
      import('../../src/testing/index.js'),
      import('app-store-notifications'),
    ])
    expect(snapshot()).toEqual(afterDependencies)
  })

  it('leaves pkijs\'s global engine alone when building a chain and an OCSP response', async () => {
    const pkijs = await import('pkijs')
    const engineBefore = pkijs.getEngine()
    const { createTestChain } = await import('../../src/testing/create-test-chain.js')
    await createTestChain()
    expect(pkijs.getEngine()).toBe(engineBefore)
  })
})

describe('the fake App Store Server API', () => {
  it('loads msw only when appStoreServerApiHandlers is called', async () => {
    const source = await import('node:fs').then((fs) => fs.readFileSync(new URL('../../src/testing/app-store-server-api-handlers.ts', import.meta.url), 'utf8'))
    // Only a type import at the top: msw is an optional peer of the testing entry.
    expect(source.match(/^import .*'msw'.*$/gm)).toEqual(["import type { HttpHandler } from 'msw'"])
    expect(source).toContain("await import('msw')")
  })
})
