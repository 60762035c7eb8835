// A replay target that POSTs each notification body to a running endpoint, as Apple would.
import type { AsnHandler } from 'app-store-notifications'
import { usage } from './cli-io.js'

/** Checks `--to`: an absolute http(s) URL. */
export function checkTargetUrl(value: string | undefined): string {
  if (value === undefined) throw usage('--to is required: the URL of your running notification endpoint, e.g. --to https://example.com/asn')
  let url: URL
  try {
    url = new URL(value)
  } catch (error) {
    throw usage(`--to must be an absolute URL such as https://example.com/asn, got ${JSON.stringify(value)}`, error)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw usage(`--to must use http or https, got ${url.protocol}`)
  return url.href
}

/**
 * POSTs `{"signedPayload":…}` with `content-type: application/json`, never following redirects
 * (Apple does not rely on them either). A network error or a timeout calls `onUnreachable` and
 * throws, so the replay records it and stops.
 */
export function postToUrl(
  url: string,
  options: { readonly timeoutMs: number; readonly fetch: typeof fetch; readonly onUnreachable: (reason: string) => void },
): Pick<AsnHandler, 'handle'> {
  return {
    async handle(request) {
      try {
        const response = await options.fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'app-store-notifications-cli (replay)' },
          body: request.body as string,
          redirect: 'manual',
          signal: AbortSignal.timeout(options.timeoutMs),
        })
        return { status: response.status, headers: {}, body: await response.text() }
      } catch (error) {
        const reason = describeNetworkError(error, options.timeoutMs)
        options.onUnreachable(reason)
        throw new Error(`POST ${url}: ${reason}`, { cause: error })
      }
    },
  }
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause
  if (typeof cause?.code === 'string') return `${cause.code}${typeof cause.message === 'string' ? ` (${cause.message})` : ''}`
  return error instanceof Error ? error.message : String(error)
}
