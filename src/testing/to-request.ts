/**
 * Options of {@link toRequest}.
 *
 * @example
 * const request = toRequest(refund, { url: 'http://localhost/api/apple', headers: { 'x-request-id': 'test-1' } })
 *
 * Exported from `app-store-notifications/testing`.
 */
export interface ToRequestInit {
  /** Default `'http://localhost/apple/notifications'`. */
  readonly url?: string
  /** Default `'POST'`, as Apple sends. */
  readonly method?: string
  /** Merged over `content-type: application/json`. */
  readonly headers?: Readonly<Record<string, string>>
}

/**
 * Wraps a notification body in the `Request` Apple would send: a `POST` with a JSON body. Pass
 * the body text, or anything with a `body` (a built or signed notification). For adapter tests
 * and fetch-style handlers (`handler.fetch`, Next.js route handlers, Workers).
 *
 * @example
 * const refund = await notifications.refund()
 * const response = await handler.fetch(toRequest(refund))
 * // or: await POST(toRequest(refund.body, { url: 'http://localhost/api/apple' }))
 *
 * Exported from `app-store-notifications/testing`.
 */
export function toRequest(body: string | { readonly body: string }, init: ToRequestInit = {}): Request {
  const text = typeof body === 'string' ? body : body.body
  if (typeof text !== 'string') throw new TypeError('toRequest expects the body text or an object with a string `body`')
  const method = init.method ?? 'POST'
  return new Request(init.url ?? 'http://localhost/apple/notifications', {
    method,
    headers: { 'content-type': 'application/json', ...init.headers },
    // Fetch forbids a body on GET and HEAD; those are only useful to test a 405 anyway.
    ...(method === 'GET' || method === 'HEAD' ? {} : { body: text }),
  })
}
