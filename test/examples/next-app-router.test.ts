// examples/next-app-router: the route file is imported as Next.js would load it and its POST called
// with real Requests. Next.js itself is not installed (342 MB): `next/server`'s `after` is stood in
// for, and `@/lib/asn` resolves to the example's lib file with a handler that trusts a test root.
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it, vi } from 'vitest'
import type { AsnHandler } from 'app-store-notifications'
import { createNotificationBuilders, createTestSigner, toRequest } from 'app-store-notifications/testing'
import type { TestSigner } from 'app-store-notifications/testing'
import type { Entitlement } from '../../examples/next-app-router/lib/asn.js'
import { ROOT } from './example-process.js'

const state = vi.hoisted(() => ({
  scheduled: [] as Array<() => unknown>,
  signer: undefined as TestSigner | undefined,
  entitlements: undefined as Map<string, Entitlement> | undefined,
  cancelled: [] as Entitlement[],
}))

vi.mock('next/server', () => ({ after: (task: () => unknown) => void state.scheduled.push(task) }))
vi.mock('@/lib/asn', async () => {
  const lib = await import('../../examples/next-app-router/lib/asn.js')
  state.signer = await createTestSigner()
  const entitlements = lib.createMemoryEntitlements()
  state.entitlements = entitlements.rows
  const handler: AsnHandler = lib.createNewsHandler({
    verifier: { bundleId: 'com.example.news', environment: 'Sandbox', rootCertificates: [state.signer.rootCertificate] },
    entitlements,
    onCancelled: async (entitlement) => void state.cancelled.push(entitlement),
  })
  return { ...lib, handler }
})

const ROUTE = fileURLToPath(new URL('../../examples/next-app-router/app/api/apple/notifications/route.ts', import.meta.url))
const URL_ = 'http://localhost:3000/api/apple/notifications'

describe('examples/next-app-router', () => {
  it('route.ts exports POST only, which updates entitlements and hands the win-back to after()', async () => {
    const route = (await import(/* @vite-ignore */ ROUTE)) as { POST: (request: Request) => Promise<Response> }
    expect(Object.keys(route)).toEqual(['POST'])
    const news = createNotificationBuilders(state.signer!, { bundleId: 'com.example.news' })
    const reader = { appAccountToken: '0b8f4f8e-3f6a-4a53-9d0e-5c4b7d2e9a10' }
    const subscribed = await news.subscribed('INITIAL_BUY', { signedDate: Date.now() - 20 * 86_400_000, transaction: reader })
    const cancelled = await news.didChangeRenewalStatus('AUTO_RENEW_DISABLED', { signedDate: Date.now() - 86_400_000, transaction: reader })
    const id = subscribed.transaction!.originalTransactionId!

    expect((await route.POST(toRequest(subscribed, { url: URL_ }))).status).toBe(200)
    expect(state.entitlements!.get(id)).toMatchObject({ hasAccess: true, willAutoRenew: true, appAccountToken: reader.appAccountToken })

    const answer = await route.POST(toRequest(cancelled, { url: URL_ }))
    expect(answer.status).toBe(200)
    expect(state.entitlements!.get(id)).toMatchObject({ hasAccess: true, willAutoRenew: false })
    // The win-back runs in the background: the answer did not wait for it, and after() keeps it alive.
    expect(state.scheduled).toHaveLength(1)
    await state.scheduled[0]!()
    expect(state.cancelled).toMatchObject([{ appAccountToken: reader.appAccountToken, willAutoRenew: false }])

    const forged = await createNotificationBuilders(await createTestSigner(), { bundleId: 'com.example.news' }).expired()
    expect((await route.POST(toRequest(forged, { url: URL_ }))).status).toBe(401)
    expect(state.entitlements!.get(id)).toMatchObject({ hasAccess: true })
  })

  it('route.ts and lib/asn.ts typecheck as a Next.js project sees them (moduleResolution bundler, the @/ alias)', async () => {
    const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url))
    await expect(promisify(execFile)(process.execPath, [tsc, '-p', 'test/examples/next-app-router.tsconfig.json'], { cwd: ROOT }))
      .resolves.toMatchObject({ stdout: '' })
  }, 60_000)
})
