// Apple's notification history on the msw mock: signed notifications served in pages of ≤ 20,
// filtered by the request body like Apple does, with pagination tokens tied to that body.
import { HttpResponse } from 'msw'
import type { TestSigner } from 'app-store-notifications/testing'
import type { AppleMock } from '../api/apple-server-mock.js'
import { BUNDLE_ID } from '../../helpers/payloads.js'

export interface HistoryEntry {
  readonly signedPayload: string
  readonly notificationUUID: string
  readonly signedDate: number
  readonly sendAttempts: { attemptDate: number; sendAttemptResult: string }[]
}

/** `count` Sandbox ONE_TIME_CHARGE notifications, one minute apart, oldest first. */
export async function signHistory(signer: TestSigner, count: number, start: number): Promise<HistoryEntry[]> {
  const entries: HistoryEntry[] = []
  for (let index = 0; index < count; index++) {
    const notificationUUID = crypto.randomUUID()
    const signedDate = start + index * 60_000
    const signedPayload = await signer.sign({
      notificationType: 'ONE_TIME_CHARGE',
      notificationUUID,
      version: '2.0',
      signedDate,
      data: { bundleId: BUNDLE_ID, bundleVersion: '42', environment: 'Sandbox' },
    })
    const result = index % 3 === 0 ? 'UNSUCCESSFUL_HTTP_RESPONSE_CODE' : 'SUCCESS'
    entries.push({ signedPayload, notificationUUID, signedDate, sendAttempts: [{ attemptDate: signedDate + 1_000, sendAttemptResult: result }] })
  }
  return entries
}

export interface HistoryServer {
  /** Tokens that answer PaginationTokenExpired (4000017) once. */
  readonly expired: Set<string>
  /** Tokens that answer 500 GeneralInternal. */
  readonly broken: Set<string>
}

/**
 * Serves `entries` (or what `list(body)` returns for a request body) in pages of `pageSize`; a
 * token `"<offset>@<startDate>"` is only valid with the body it was issued for, as Apple's are.
 */
export function serveHistory(
  apple: AppleMock,
  entries: readonly HistoryEntry[],
  options: { readonly pageSize?: number; readonly hasMoreWithoutToken?: boolean } = {},
): HistoryServer {
  const pageSize = options.pageSize ?? 20
  const server: HistoryServer = { expired: new Set(), broken: new Set() }
  apple.on('post', '/inApps/v1/notifications/history', async ({ request }) => {
    const body = (await request.json()) as { startDate: number; endDate: number }
    const token = new URL(request.url).searchParams.get('paginationToken')
    if (token !== null && server.expired.delete(token)) {
      return HttpResponse.json({ errorCode: 4000017, errorMessage: 'Pagination token expired.' }, { status: 400 })
    }
    if (token !== null && server.broken.has(token)) {
      return HttpResponse.json({ errorCode: 5000000, errorMessage: 'An unknown error occurred.' }, { status: 500 })
    }
    let offset = 0
    if (token !== null) {
      const [at, issuedFor] = token.split('@')
      if (Number(issuedFor) !== body.startDate) {
        return HttpResponse.json({ errorCode: 4000014, errorMessage: 'Invalid pagination token.' }, { status: 400 })
      }
      offset = Number(at)
    }
    const matching = entries.filter((entry) => entry.signedDate >= body.startDate && entry.signedDate <= body.endDate)
    const page = matching.slice(offset, offset + pageSize)
    const next = offset + pageSize
    const hasMore = next < matching.length
    return HttpResponse.json({
      notificationHistory: page.map(({ signedPayload, sendAttempts }) => ({ signedPayload, sendAttempts })),
      hasMore,
      ...(hasMore && options.hasMoreWithoutToken !== true ? { paginationToken: `${next}@${body.startDate}` } : {}),
    })
  })
  return server
}
