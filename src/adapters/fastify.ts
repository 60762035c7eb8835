// Fastify plugin over the HTTP core (`handler.handle`): a route with a content-type parser scoped
// to it that hands over the raw stream, so the core alone decides size limits and statuses.
import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import type { AsnHandler } from 'app-store-notifications'
import { readStream } from './node-http.js'

/**
 * Options of {@link fastifyAsnPlugin}.
 *
 * @example
 * app.register(fastifyAsnPlugin, { handler, path: '/apple/notifications' })
 *
 * Exported from `app-store-notifications/fastify`.
 */
export interface FastifyAsnPluginOptions {
  readonly handler: AsnHandler
  /** Route path. Default `/`, relative to the plugin's prefix. */
  readonly path?: string
}

/**
 * Fastify plugin (Fastify 4 and 5) serving App Store Server Notifications on one route. Its
 * content-type parser is scoped to the plugin, so sibling routes keep their normal JSON parsing.
 *
 * @example
 * import Fastify from 'fastify'
 * import { createAsnHandler } from 'app-store-notifications'
 * import { fastifyAsnPlugin } from 'app-store-notifications/fastify'
 *
 * const handler = createAsnHandler({ verifier: { bundleId: 'com.example.news', environment: 'Sandbox' } })
 * handler.on('EXPIRED', async ({ transaction }) => subscriptions.end(transaction!.originalTransactionId))
 * await Fastify().register(fastifyAsnPlugin, { handler, path: '/apple/notifications' }).listen({ port: 3000 })
 *
 * Exported from `app-store-notifications/fastify`.
 */
export const fastifyAsnPlugin: FastifyPluginAsync<FastifyAsnPluginOptions> = async (app: FastifyInstance, options) => {
  const { handler, path = '/' } = options
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload))
  app.route({
    method: ['POST', 'GET', 'PUT', 'PATCH', 'DELETE'],
    url: path,
    handler: async (request, reply) => {
      const body = request.body === undefined || request.body === null ? undefined : await readStream(request.body as AsyncIterable<unknown>, handler.maxBodyBytes)
      const answer = await handler.handle({ method: request.method, headers: request.headers, body })
      return reply.code(answer.status).headers(answer.headers).send(answer.body)
    },
  })
}
// Registered without encapsulation-breaking metadata on purpose: the parser must stay scoped.
