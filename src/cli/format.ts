// Human-readable output: dates (ISO + relative), durations, date arguments, aligned tables.
import { usage } from './cli-io.js'

const UNITS = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
] as const

/** `3 days ago`, `in 2 hours`, `just now`. */
export function relativeTime(ms: number, now: number): string {
  const delta = ms - now
  const size = Math.abs(delta)
  if (size < 5_000) return 'just now'
  for (const [unit, unitMs] of UNITS) {
    if (size >= unitMs) {
      const count = Math.floor(size / unitMs)
      const text = `${count} ${unit}${count === 1 ? '' : 's'}`
      return delta < 0 ? `${text} ago` : `in ${text}`
    }
  }
  return 'just now'
}

/** `2026-03-07T10:00:00.000Z (3 days ago)`. */
export function formatDate(ms: number, now: number): string {
  return `${new Date(ms).toISOString()} (${relativeTime(ms, now)})`
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/
const DURATION_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const

/** `90s`, `15m`, `36h`, `7d`, `2w`, `1500ms` → milliseconds; `undefined` when not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim())
  if (match === null) return undefined
  return Math.round(Number(match[1]) * DURATION_MS[match[2] as keyof typeof DURATION_MS])
}

/**
 * A point in time from the command line: a duration back from now (`7d`, `36h`), an ISO date or
 * date-time (`2026-03-07`, `2026-03-07T18:00:00Z`, read as UTC without a zone), or epoch ms.
 */
export function parseTimeArg(flag: string, text: string, now: number): number {
  const trimmed = text.trim()
  const duration = parseDuration(trimmed)
  if (duration !== undefined) return now - duration
  if (/^\d{11,}$/.test(trimmed)) return Number(trimmed)
  const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(trimmed) ? `${trimmed}${trimmed.includes('T') ? 'Z' : 'T00:00:00Z'}` : trimmed
  const parsed = /^\d{4}-\d{2}-\d{2}/.test(trimmed) ? Date.parse(iso) : Number.NaN
  if (Number.isNaN(parsed)) {
    throw usage(`--${flag} must be a duration back from now (7d, 36h, 90m) or an ISO date (2026-03-07, 2026-03-07T18:00:00Z), got ${JSON.stringify(text)}`)
  }
  return parsed
}

/** Left-aligned columns separated by two spaces. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)))
  const render = (row: readonly string[]): string =>
    row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ').trimEnd()
  return [render(header), ...rows.map(render)].join('\n')
}

/** Collapses Apple's send attempts: `UNSUCCESSFUL_HTTP_RESPONSE_CODE ×2, SUCCESS`. */
export function summarizeAttempts(attempts: readonly { readonly sendAttemptResult: string }[]): string {
  if (attempts.length === 0) return '(none yet)'
  const runs: { result: string; count: number }[] = []
  for (const { sendAttemptResult } of attempts) {
    const last = runs.at(-1)
    if (last?.result === sendAttemptResult) last.count++
    else runs.push({ result: sendAttemptResult, count: 1 })
  }
  return runs.map(({ result, count }) => (count === 1 ? result : `${result} ×${count}`)).join(', ')
}
