import { describe, expect, it } from 'vitest'
import { formatDate, parseDuration, parseTimeArg, relativeTime, summarizeAttempts, table } from '../../src/cli/format.js'
import { createProgressBar, renderProgress } from '../../src/cli/progress-bar.js'

const NOW = Date.parse('2026-03-10T12:00:00Z')

describe('dates and durations', () => {
  it('reads --since/--until as a duration back from now, an ISO date (UTC) or epoch ms', () => {
    expect(parseTimeArg('since', '7d', NOW)).toBe(NOW - 7 * 86_400_000)
    expect(parseTimeArg('since', '36h', NOW)).toBe(NOW - 36 * 3_600_000)
    expect(parseTimeArg('since', '90m', NOW)).toBe(NOW - 90 * 60_000)
    expect(parseTimeArg('since', '2w', NOW)).toBe(NOW - 14 * 86_400_000)
    expect(parseTimeArg('since', '2026-03-07', NOW)).toBe(Date.parse('2026-03-07T00:00:00Z'))
    expect(parseTimeArg('since', '2026-03-07T18:30', NOW)).toBe(Date.parse('2026-03-07T18:30:00Z'))
    expect(parseTimeArg('since', '2026-03-07T18:30:00+02:00', NOW)).toBe(Date.parse('2026-03-07T16:30:00Z'))
    expect(parseTimeArg('since', '1767225600000', NOW)).toBe(1_767_225_600_000)
    for (const bad of ['yesterday', '7', '7 days', '03/07/2026', '']) {
      expect(() => parseTimeArg('since', bad, NOW)).toThrow(expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }))
    }
  })

  it('reads timeouts', () => {
    expect(parseDuration('1500ms')).toBe(1500)
    expect(parseDuration('30s')).toBe(30_000)
    expect(parseDuration('1.5m')).toBe(90_000)
    expect(parseDuration('30')).toBeUndefined()
  })

  it('writes dates as ISO plus a relative time', () => {
    expect(relativeTime(NOW - 3 * 86_400_000 - 5_000, NOW)).toBe('3 days ago')
    expect(relativeTime(NOW + 2 * 3_600_000, NOW)).toBe('in 2 hours')
    expect(relativeTime(NOW - 61_000, NOW)).toBe('1 minute ago')
    expect(relativeTime(NOW - 1_000, NOW)).toBe('just now')
    expect(relativeTime(NOW - 400 * 86_400_000, NOW)).toBe('1 year ago')
    expect(formatDate(NOW - 45 * 86_400_000, NOW)).toBe('2026-01-24T12:00:00.000Z (1 month ago)')
  })
})

describe('tables and attempts', () => {
  it('aligns columns', () => {
    expect(table(['A', 'LONG'], [['xyz', '1'], ['w', '22']])).toBe('A    LONG\nxyz  1\nw    22')
  })

  it("collapses Apple's send attempts", () => {
    const attempts = ['UNSUCCESSFUL_HTTP_RESPONSE_CODE', 'UNSUCCESSFUL_HTTP_RESPONSE_CODE', 'TIMED_OUT', 'SUCCESS'].map((sendAttemptResult) => ({ sendAttemptResult }))
    expect(summarizeAttempts(attempts)).toBe('UNSUCCESSFUL_HTTP_RESPONSE_CODE ×2, TIMED_OUT, SUCCESS')
    expect(summarizeAttempts([])).toBe('(none yet)')
  })
})

describe('progress bar', () => {
  const request = { startDate: NOW - 100_000, endDate: NOW }
  const progress = { page: 2, processed: 30, alreadyDone: 4, failed: 1, request, resumeToken: 't', lastSignedDate: NOW - 50_000 }

  it('shows how much of the time range the replayed signed dates cover', () => {
    expect(renderProgress(progress)).toBe('[████████████░░░░░░░░░░░░]  50% page 2 · 30 delivered · 4 already processed · 1 failed')
    expect(renderProgress({ ...progress, lastSignedDate: undefined })).toMatch(/^\[░{24}\] {3}0% page 2/)
  })

  it('draws on a terminal only, ending with a newline', () => {
    const writes: string[] = []
    const terminal = createProgressBar({ isTTY: true, write: (text) => writes.push(text) })
    terminal.update(progress)
    terminal.update({ ...progress, lastSignedDate: NOW })
    terminal.done()
    expect(writes).toEqual([`\r${renderProgress(progress)}\u001b[K`, `\r${renderProgress({ ...progress, lastSignedDate: NOW })}\u001b[K`, '\n'])

    const piped: string[] = []
    const pipe = createProgressBar({ write: (text) => piped.push(text) })
    pipe.update(progress)
    pipe.done()
    expect(piped).toEqual([])
  })
})
