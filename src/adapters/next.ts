// Next.js adapters over the HTTP core: App Router routes call `handler.fetch` (Node.js and Edge
// runtimes); Pages Router API routes go through the shared Node bridge.
import type { AsnHandler, PlatformContext } from 'app-store-notifications'
import { readNodeBody, writeNodeResponse } from './node-http.js'
import type { NodeRequestLike, NodeResponseLike } from './node-http.js'

/**
 * Options of {@link createNextRouteHandler}.
 *
 * @example
 * import { after } from 'next/server'
 * export const { POST } = createNextRouteHandler(handler, { after })
 *
 * Exported from `app-store-notifications/next`.
 */
export interface NextRouteHandlerOptions {
  /** Next.js `after` from `next/server`: background work (forwarding, consumption answers) then outlives the response. */
  readonly after?: (task: () => unknown) => void
}

/**
 * App Router route handler: `export const { POST } = createNextRouteHandler(handler)` in
 * `app/api/apple/notifications/route.ts`. Works in the Node.js and the Edge runtime. Pass Next's
 * `after` so background work runs after the response; without it, Vercel's request-context
 * `waitUntil` is used when present.
 *
 * @example
 * // app/api/apple/notifications/route.ts
 * import { after } from 'next/server'
 * import { createNextRouteHandler } from 'app-store-notifications/next'
 * import { handler } from '@/lib/asn'
 * export const { POST } = createNextRouteHandler(handler, { after })
 *
 * Exported from `app-store-notifications/next`.
 */
export function createNextRouteHandler(
  handler: AsnHandler,
  options: NextRouteHandlerOptions = {},
): { POST: (request: Request) => Promise<Response> } {
  return { POST: (request) => handler.fetch(request, platformContext(options)) }
}

/**
 * Pages Router API route: `export default createNextPagesApiHandler(handler)` in
 * `pages/api/apple/notifications.ts`. Works with Next's default body parser or with
 * `export const config = { api: { bodyParser: false } }` (then raw bytes are kept for forwarding).
 *
 * @example
 * // pages/api/apple/notifications.ts
 * import { createNextPagesApiHandler } from 'app-store-notifications/next'
 * import { handler } from '@/lib/asn'
 * export default createNextPagesApiHandler(handler)
 *
 * Exported from `app-store-notifications/next`.
 */
export function createNextPagesApiHandler(handler: AsnHandler): (request: NodeRequestLike, response: NodeResponseLike) => Promise<void> {
  return async (request, response) => {
    const body = await readNodeBody(request, handler.maxBodyBytes)
    writeNodeResponse(response, await handler.handle({ method: request.method ?? 'GET', headers: request.headers, body }, platformContext({})))
  }
}

/** `after` when given; otherwise the `waitUntil` Vercel exposes through its request context. */
function platformContext(options: NextRouteHandlerOptions): PlatformContext {
  if (options.after !== undefined) {
    const after = options.after
    return { waitUntil: (work: Promise<unknown>) => after(() => work) }
  }
  const context = (globalThis as Record<symbol, unknown>)[Symbol.for('@vercel/request-context')] as
    | { get?: () => { waitUntil?: (work: Promise<unknown>) => void } | undefined }
    | undefined
  const waitUntil = context?.get?.()?.waitUntil
  return waitUntil === undefined ? {} : { waitUntil }
}
