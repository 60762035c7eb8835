// A TypeScript consumer of the packed package, compiled (never run) by check-package.mjs under
// moduleResolution node16 (as .mts and as .cts) and bundler: values and types from every subpath.
import {
  APPLE_ROOT_CA_G3, AppStoreNotificationError, createAsnHandler, createForwarder, createNotificationVerifier, isAppStoreNotificationError,
} from 'app-store-notifications'
import type { AsnHandler, ErrorCode, ForwardResult, NotificationVerifier, VerifiedNotification } from 'app-store-notifications'
import { createExpressMiddleware } from 'app-store-notifications/express'
import { fastifyAsnPlugin } from 'app-store-notifications/fastify'
import type { FastifyAsnPluginOptions } from 'app-store-notifications/fastify'
import { createNextPagesApiHandler, createNextRouteHandler } from 'app-store-notifications/next'
import type { NextRouteHandlerOptions } from 'app-store-notifications/next'
import { createRedisIdempotencyStore } from 'app-store-notifications/redis'
import type { RedisIdempotencyStoreOptions } from 'app-store-notifications/redis'
import { createTestSigner, tamperJws } from 'app-store-notifications/testing'
import type { SignedNotification, TestSigner } from 'app-store-notifications/testing'

export const verifier: NotificationVerifier = createNotificationVerifier({
  bundleId: 'com.example.wallet',
  environment: ['Production', 'Sandbox'],
  appAppleId: 1234567890,
  rootCertificates: [APPLE_ROOT_CA_G3],
})

export const handler: AsnHandler = createAsnHandler({ verifier, forward: createForwarder({ targets: ['https://backend.example.com/asn'] }) })
handler.on('REFUND', (notification) => {
  const productId: string | undefined = notification.transaction?.productId
  return productId
})
handler.onAny((notification: VerifiedNotification) => notification.notificationUUID)

const nextOptions: NextRouteHandlerOptions = {}
export const { POST } = createNextRouteHandler(handler, nextOptions)
export const post: (request: Request) => Promise<Response> = POST
export const pagesRoute = createNextPagesApiHandler(handler)
export const [middleware, errorMiddleware] = createExpressMiddleware(handler)
const fastifyOptions: FastifyAsnPluginOptions = { handler, path: '/apple/notifications' }
export const plugin = [fastifyAsnPlugin, fastifyOptions] as const
const redisOptions: RedisIdempotencyStoreOptions = { client: { call: async () => 'OK' } }
export const store = createRedisIdempotencyStore(redisOptions)

export async function roundTrip(): Promise<ErrorCode | undefined> {
  const signer: TestSigner = await createTestSigner()
  const signed: SignedNotification = await signer.signNotification({ notificationType: 'TEST' })
  const results: ForwardResult[] = await createForwarder({ targets: ['http://127.0.0.1:1/'] }).forward({ body: signed.body })
  try {
    await verifier.verifyNotification(tamperJws(signed.signedPayload, 'payload'))
  } catch (error) {
    if (isAppStoreNotificationError(error)) return error.code
    if (error instanceof AppStoreNotificationError) return error.code
  }
  return results[0]?.ok === true ? undefined : 'ERR_CONFIG_INVALID'
}
