// The `replay --state <file>` file: what was asked, where to resume, and the totals so far.
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import type { NotificationHistoryRequest } from 'app-store-notifications'
import { usage } from './cli-io.js'

/** A failed notification as the state file keeps it (no payload: the file stays small). */
export interface StateFailure {
  readonly notificationUUID?: string | undefined
  readonly notificationType?: string | undefined
  readonly status?: number | undefined
  readonly code?: string | undefined
  readonly message?: string | undefined
}

/** Version 1 of the state file. */
export interface ReplayState {
  readonly version: 1
  readonly environment: 'Production' | 'Sandbox'
  readonly bundleId: string
  readonly to: string
  /** The request the token belongs to (Apple wants the same body on every page). */
  readonly request: NotificationHistoryRequest
  readonly resumeToken?: string | undefined
  readonly lastSignedDate?: number | undefined
  readonly complete: boolean
  /** Totals over every run of this state file. */
  readonly processed: number
  readonly alreadyDone: number
  readonly failed: readonly StateFailure[]
  readonly updatedAt: string
}

/** Reads a state file, failing with a usage error when it is missing or not one of ours. */
export function readReplayState(path: string): ReplayState {
  let state: Partial<ReplayState>
  try {
    state = JSON.parse(readFileSync(path, 'utf8')) as Partial<ReplayState>
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw usage(`cannot resume from ${path}: ${code === 'ENOENT' ? 'no such file (start without --resume)' : 'not a readable JSON state file'}`, error)
  }
  if (
    state.version !== 1 ||
    typeof state.request?.startDate !== 'number' ||
    typeof state.request.endDate !== 'number' ||
    typeof state.to !== 'string' ||
    typeof state.complete !== 'boolean'
  ) {
    throw usage(`cannot resume from ${path}: not a replay state file written by this tool (version 1)`)
  }
  return state as ReplayState
}

/** Writes the state atomically (temporary file, then rename), so a crash never leaves half a file. */
export function writeReplayState(path: string, state: ReplayState): void {
  const temporary = `${path}.${process.pid}.tmp`
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`)
  renameSync(temporary, path)
}
