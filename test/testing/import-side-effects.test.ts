// Importing the testing kit must not touch globals. Dependencies are loaded first because pkijs 4
// itself writes `globalThis[process.pid].pkijs.engine` when imported under Node (its own
// engine registration); that write is checked to be the only one, then our modules must add none.
import { describe, expect, it } from 'vitest'

const snapshot = (): { global: (string | symbol)[]; reflect: (string | symbol)[] } => ({
  global: Reflect.ownKeys(globalThis),
  reflect: Reflect.ownKeys(Reflect),
})

describe('importing src/testing modules', () => {
  it('leaves globalThis and Reflect unchanged', async () => {
    const initial = snapshot()
    await Promise.all([import('pkijs'), import('asn1js'), import('jose')])
    const afterDependencies = snapshot()
    const addedByDependencies = afterDependencies.global.filter((key) => !initial.global.includes(key))
    expect(addedByDependencies.every((key) => key === String(process.pid))).toBe(true)
    expect(afterDependencies.reflect).toEqual(initial.reflect)

    await Promise.all([
      import('../../src/testing/create-test-chain.js'),
      import('../../src/testing/create-test-signer.js'),
      import('../../src/testing/negative-variants.js'),
      import('../../src/testing/ocsp-responder.js'),
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
