// The Get Notification History request from command-line flags, shared by `history` and `replay`.
import type { NotificationHistoryRequest } from 'app-store-notifications'
import { line, usage, type CliOutput } from './cli-io.js'
import { parseTimeArg } from './format.js'

/** The filter flags of `history` and `replay`. */
export const HISTORY_OPTIONS = {
  since: { type: 'string' },
  until: { type: 'string' },
  'only-failures': { type: 'boolean' },
  type: { type: 'string' },
  subtype: { type: 'string' },
  'transaction-id': { type: 'string' },
} as const

/** Their `--help` section. */
export const HISTORY_HELP = `Range and filters (Apple's):
  --since <when>            start: 7d, 36h, 90m back from now, or 2026-03-07[T18:00:00Z] (required)
  --until <when>            end (default: now)
  --only-failures           only notifications Apple could not deliver (including ones still retried)
  --type <TYPE[.SUBTYPE]>   one notification type, e.g. REFUND or SUBSCRIBED.RESUBSCRIBE
  --subtype <SUBTYPE>       its subtype (same as TYPE.SUBTYPE)
  --transaction-id <id>     one customer's notifications (any of their transaction IDs; not with --type)
  Apple keeps 180 days of history in Production and 30 days in Sandbox.`

type HistoryValues = { readonly [K in keyof typeof HISTORY_OPTIONS]?: (typeof HISTORY_OPTIONS)[K]['type'] extends 'boolean' ? boolean | undefined : string | undefined }

const RETENTION_DAYS = { Production: 180, Sandbox: 30 } as const

/**
 * Builds the request, checking `--since` against Apple's retention; a start a little too early
 * (less than a day) is moved to the oldest allowed time with a note, anything earlier is an error.
 */
export function historyRequest(
  values: HistoryValues,
  environment: 'Production' | 'Sandbox',
  now: number,
  stderr: CliOutput,
): NotificationHistoryRequest {
  if (values.since === undefined) throw usage('--since is required: how far back to look, e.g. --since 7d or --since 2026-03-07')
  let startDate = parseTimeArg('since', values.since, now)
  const endDate = values.until === undefined ? now : parseTimeArg('until', values.until, now)
  if (startDate >= endDate) throw usage(`--since (${new Date(startDate).toISOString()}) must be before --until (${new Date(endDate).toISOString()})`)
  const days = RETENTION_DAYS[environment]
  const oldest = now - days * 86_400_000 + 60_000
  if (startDate < oldest - 86_400_000) {
    throw usage(`Apple keeps ${days} days of ${environment} history: --since must be after ${new Date(oldest).toISOString()}, got ${new Date(startDate).toISOString()}`)
  }
  if (startDate < oldest) {
    line(stderr, `note: Apple keeps ${days} days of ${environment} history; starting at ${new Date(oldest).toISOString()}`)
    startDate = oldest
  }
  let notificationType = values.type
  let notificationSubtype = values.subtype
  if (notificationType?.includes('.') === true) {
    const [type, subtype] = notificationType.split('.', 2)
    if (notificationSubtype !== undefined && notificationSubtype !== subtype) throw usage(`--type ${notificationType} and --subtype ${notificationSubtype} disagree`)
    notificationType = type
    notificationSubtype = subtype
  }
  if (notificationSubtype !== undefined && notificationType === undefined) throw usage('--subtype needs --type')
  if (notificationType !== undefined && values['transaction-id'] !== undefined) {
    throw usage('--type and --transaction-id exclude each other in Get Notification History: keep one')
  }
  return {
    startDate,
    endDate,
    ...(values['only-failures'] === true ? { onlyFailures: true } : {}),
    ...(notificationType === undefined ? {} : { notificationType }),
    ...(notificationSubtype === undefined ? {} : { notificationSubtype }),
    ...(values['transaction-id'] === undefined ? {} : { transactionId: values['transaction-id'] }),
  }
}
