// A one-line progress bar for terminals. Apple gives no total, so the bar shows how much of the
// requested time range the replayed signed dates have covered.
import type { ReplayProgress } from 'app-store-notifications'
import type { CliOutput } from './cli-io.js'

const WIDTH = 24

/** Renders progress on `output` when it is a terminal; does nothing otherwise. */
export function createProgressBar(output: CliOutput): { update(progress: ReplayProgress): void; done(): void } {
  let drawn = false
  return {
    update(progress) {
      if (output.isTTY !== true) return
      output.write(`\r${renderProgress(progress)}\u001b[K`)
      drawn = true
    },
    done() {
      if (drawn) output.write('\n')
    },
  }
}

/** `[████████░░░░] 34% page 3 · 45 delivered · 2 already processed · 1 failed`. */
export function renderProgress(progress: ReplayProgress): string {
  const { startDate, endDate } = progress.request
  const covered = progress.lastSignedDate === undefined ? 0 : (progress.lastSignedDate - startDate) / Math.max(1, endDate - startDate)
  const fraction = Math.min(1, Math.max(0, covered))
  const filled = Math.round(fraction * WIDTH)
  const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`
  return (
    `[${bar}] ${String(Math.floor(fraction * 100)).padStart(3)}% page ${progress.page} · ${progress.processed} delivered · ` +
    `${progress.alreadyDone} already processed · ${progress.failed} failed`
  )
}
