// `history`: a table of past notifications with Apple's send-attempt results.
import { decodeNotificationUnverified, type NotificationHistoryResponseItem } from 'app-store-notifications'
import { EXIT, line, parseCommandLine, type CliCommand } from '../cli-io.js'
import { createCliApi, CREDENTIAL_OPTIONS, CREDENTIALS_HELP, readCredentials } from '../credentials.js'
import { formatDate, summarizeAttempts, table } from '../format.js'
import { HISTORY_HELP, HISTORY_OPTIONS, historyRequest } from '../history-request.js'

const HELP = `Usage: app-store-notifications history --since <when> [options]

Lists the notifications Apple sent (or tried to send) in a period, from Get Notification History:
signed date, type, subtype, notification UUID and every send attempt's result. Payloads come from
Apple's API over TLS and are decoded for display without verifying their signature.

${HISTORY_HELP}

Output:
  --json                    machine-readable output (includes each signedPayload)
  -h, --help                show this help

${CREDENTIALS_HELP}

Exit codes: 0 listed, 1 Apple's API failed (the error code is printed), 2 wrong command line or credentials.`

interface Row {
  readonly notificationUUID: string | undefined
  readonly notificationType: string | undefined
  readonly subtype: string | undefined
  readonly signedDate: number | undefined
  readonly sendAttempts: NotificationHistoryResponseItem['sendAttempts']
  readonly signedPayload: string
}

export const historyCommand: CliCommand = {
  name: 'history',
  summary: "list past notifications and Apple's send attempts",
  help: HELP,
  async run(args, io) {
    const { values } = parseCommandLine('history', args, { ...CREDENTIAL_OPTIONS, ...HISTORY_OPTIONS, json: { type: 'boolean' } })
    if (values.help === true) {
      line(io.stdout, HELP)
      return EXIT.ok
    }
    const credentials = readCredentials(values, io)
    const now = io.now()
    const request = historyRequest(values, credentials.environment, now, io.stderr)
    const api = createCliApi(credentials, io)
    const rows: Row[] = []
    for await (const page of api.notificationHistoryPages(request)) rows.push(...page.notificationHistory.map(toRow))

    if (values.json === true) {
      line(io.stdout, JSON.stringify({ environment: credentials.environment, request, notifications: rows }, null, 2))
      return EXIT.ok
    }
    const range = `${new Date(request.startDate).toISOString()} → ${new Date(request.endDate).toISOString()}`
    line(io.stdout, `${credentials.environment} notification history for ${credentials.bundleId}, ${range}`)
    if (rows.length === 0) {
      line(io.stdout, 'no notifications in this period')
      return EXIT.ok
    }
    const cells = rows.map((row) => [
      row.signedDate === undefined ? '?' : formatDate(row.signedDate, now),
      row.notificationType ?? '?',
      row.subtype ?? '-',
      row.notificationUUID ?? '?',
      summarizeAttempts(row.sendAttempts),
    ])
    line(io.stdout, table(['SIGNED', 'TYPE', 'SUBTYPE', 'NOTIFICATION UUID', 'SEND ATTEMPTS'], cells))
    const undelivered = rows.filter((row) => !row.sendAttempts.some((attempt) => attempt.sendAttemptResult === 'SUCCESS')).length
    line(io.stdout, `${rows.length} notification${rows.length === 1 ? '' : 's'}, ${undelivered} never delivered successfully`)
    return EXIT.ok
  },
}

function toRow(item: NotificationHistoryResponseItem): Row {
  let payload: Record<string, unknown> = {}
  try {
    payload = decodeNotificationUnverified(item.signedPayload).payload
  } catch {
    // An undecodable payload still gets its row, with question marks.
  }
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)
  return {
    notificationUUID: text(payload.notificationUUID),
    notificationType: text(payload.notificationType),
    subtype: text(payload.subtype),
    signedDate: typeof payload.signedDate === 'number' ? payload.signedDate : undefined,
    sendAttempts: item.sendAttempts,
    signedPayload: item.signedPayload,
  }
}
