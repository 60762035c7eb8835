// Importing the testing kit must not touch globals. pkijs 4 writes `globalThis[process.pid]` when it
// loads (its own engine registration), so the kit loads pkijs and asn1js only when a chain is built
// or an OCSP response answered: they are NOT preloaded here, and importing the kit must not load
// them. The core's dependencies are loaded first (zod 4 registers its `__zod_*` config on import),
// then our modules (the core included) must add nothing at all.
import { describe, expect, it } from 'vitest'

const snapshot = (): { global: (string | symbol)[]; reflect: (string | symbol)[] } => ({
  global: Reflect.ownKeys(globalThis),
  reflect: Reflect.ownKeys(Reflect),
})
const PID_SLOT = String(process.pid)

describe('importing src/testing modules', () => {
  it('leaves globalThis and Reflect unchanged, and does not load pkijs', async () => {
    const initial = snapshot()
    expect(initial.global).not.toContain(PID_SLOT) // nothing in this worker loaded pkijs yet
    await Promise.all([import('jose'), import('zod')])
    const afterDependencies = snapshot()
    const addedByDependencies = afterDependencies.global.filter((key) => !initial.global.includes(key))
    // zod 4 (a dependency of the core) registers its global config and registry on import.
    expect(addedByDependencies.filter((key) => !String(key).startsWith('__zod_'))).toEqual([])
    expect(afterDependencies.reflect).toEqual(initial.reflect)

    await Promise.all([
      import('../../src/testing/create-test-chain.js'),
      import('../../src/testing/create-test-signer.js'),
      import('../../src/testing/negative-variants.js'),
      import('../../src/testing/ocsp-responder.js'),
      import('../../src/testing/test-chain-file.js'),
      import('../../src/testing/generate-fixtures.js'),
      import('../../src/testing/index.js'),
      import('app-store-notifications'),
    ])
    expect(snapshot()).toEqual(afterDependencies)
  })

  it('loads pkijs when a chain is built, leaving pkijs\'s global engine alone', async () => {
    const { createTestChain } = await import('../../src/testing/create-test-chain.js')
    expect(Reflect.ownKeys(globalThis)).not.toContain(PID_SLOT)
    await createTestChain()
    // pkijs's own write on load: the only global a call adds.
    expect(Reflect.ownKeys(globalThis)).toContain(PID_SLOT)
    const pkijs = await import('pkijs')
    const engineBefore = pkijs.getEngine()
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
