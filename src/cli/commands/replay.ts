// `replay --to <url>`: posts Apple's notification history to a running endpoint, resumably.
import { replayNotificationHistory, type ReplayProgress, type ReplayResult } from 'app-store-notifications'
import { EXIT, line, parseCommandLine, usage, type CliCommand, type CliIo } from '../cli-io.js'
import { createCliApi, CREDENTIAL_OPTIONS, CREDENTIALS_HELP, readCredentials } from '../credentials.js'
import { parseDuration, table } from '../format.js'
import { HISTORY_HELP, HISTORY_OPTIONS, historyRequest } from '../history-request.js'
import { checkTargetUrl, postToUrl } from '../post-to-url.js'
import { createProgressBar } from '../progress-bar.js'
import { readReplayState, writeReplayState, type ReplayState, type StateFailure } from '../replay-state.js'

const HELP = `Usage: app-store-notifications replay --since <when> --to <url> [options]
       app-store-notifications replay --state <file> --resume

Fetches Apple's notification history and POSTs each notification, exactly as Apple sent it
({"signedPayload":…}), to your running endpoint, one at a time, in the order Apple lists them. Your endpoint
verifies and processes them; notifications it already processed answer as duplicates (with
this library's exactly-once store) and are counted as "already processed".

Target and resuming:
  --to <url>                your notification endpoint (http or https)
  --state <file>            save progress to this file after every notification
  --resume                  continue the run saved in --state (same range, filters and target)
  --timeout <duration>      longest wait for one answer (default 30s); an endpoint that does not
                            answer stops the replay, so that nothing is skipped

${HISTORY_HELP}

Output:
  --json                    machine-readable summary on stdout (no progress bar)
  -h, --help                show this help
  A progress bar is drawn when standard output is a terminal. Ctrl-C stops after the current
  notification; resume with --state <file> --resume.

${CREDENTIALS_HELP}

Exit codes: 0 complete with no failure, 1 failures or stopped early (resumable), 2 wrong command line or credentials.`

export const replayCommand: CliCommand = {
  name: 'replay',
  summary: 'post past notifications to your endpoint again, resumably',
  help: HELP,
  async run(args, io) {
    const { values } = parseCommandLine('replay', args, {
      ...CREDENTIAL_OPTIONS,
      ...HISTORY_OPTIONS,
      to: { type: 'string' },
      state: { type: 'string' },
      resume: { type: 'boolean' },
      timeout: { type: 'string' },
      json: { type: 'boolean' },
    })
    if (values.help === true) {
      line(io.stdout, HELP)
      return EXIT.ok
    }
    const credentials = readCredentials(values, io)
    const previous = values.resume === true ? resumeFrom(values, credentials) : undefined
    if (previous?.complete === true) {
      line(io.stdout, `${values.state} is complete: nothing to resume (start a new run without --resume)`)
      return EXIT.ok
    }
    const request = previous?.request ?? historyRequest(values, credentials.environment, io.now(), io.stderr)
    const to = checkTargetUrl(values.to ?? previous?.to)
    const timeoutMs = values.timeout === undefined ? 30_000 : parseDuration(values.timeout)
    if (timeoutMs === undefined || timeoutMs <= 0) throw usage(`--timeout must be a duration such as 30s or 1500ms, got ${JSON.stringify(values.timeout)}`)

    const controller = new AbortController()
    let stopped: string | undefined
    const stop = (reason: string): void => {
      stopped ??= reason
      controller.abort()
    }
    const removeInterrupt = io.onInterrupt(() => stop('interrupted'))
    const bar = createProgressBar(values.json === true ? { write: () => undefined } : io.stdout)
    const statePath = values.state
    type Position = Pick<ReplayProgress, 'processed' | 'alreadyDone' | 'request'> & { resumeToken?: string | undefined; lastSignedDate?: number | undefined }
    const save = (progress: Position, complete: boolean, failed: readonly StateFailure[]): void => {
      if (statePath === undefined) return
      writeReplayState(statePath, {
        version: 1,
        environment: credentials.environment,
        bundleId: credentials.bundleId,
        to,
        request: progress.request,
        ...(progress.resumeToken === undefined ? {} : { resumeToken: progress.resumeToken }),
        ...(progress.lastSignedDate === undefined ? {} : { lastSignedDate: progress.lastSignedDate }),
        complete,
        processed: (previous?.processed ?? 0) + progress.processed,
        alreadyDone: (previous?.alreadyDone ?? 0) + progress.alreadyDone,
        failed,
        updatedAt: new Date(io.now()).toISOString(),
      })
    }
    let result: ReplayResult
    try {
      result = await replayNotificationHistory({
        api: createCliApi(credentials, io),
        handler: postToUrl(to, { timeoutMs, fetch: io.fetch, onUnreachable: (reason) => stop(`${to} is unreachable: ${reason}`) }),
        ...request,
        paginationToken: previous?.resumeToken,
        lastSignedDate: previous?.lastSignedDate,
        signal: controller.signal,
        onProgress: (progress) => {
          bar.update(progress)
          save(progress, false, previous?.failed ?? [])
        },
      })
    } finally {
      removeInterrupt()
      bar.done()
    }
    // A delivery that threw stopped the run; its page is replayed on --resume, so it is not kept as a failure.
    const refused = result.failed.filter((failure) => failure.status !== undefined)
    const current = refused.map(({ signedPayload: _payload, signedDate: _date, subtype: _subtype, ...rest }) => rest)
    const failures = [...(previous?.failed ?? []).filter((old) => !current.some((now) => now.notificationUUID === old.notificationUUID)), ...current]
    save(result, result.complete, failures)
    if (result.error !== undefined) stopped ??= `Apple's API failed: ${result.error.code}`

    if (values.json === true) {
      const failed = result.failed.map(({ signedPayload: _payload, ...rest }) => rest)
      const error = result.error === undefined ? undefined : { code: result.error.code, message: result.error.message }
      line(io.stdout, JSON.stringify({ environment: credentials.environment, to, ...result, failed, error, stopped }, null, 2))
    } else {
      printSummary(io, { result, to, environment: credentials.environment, stopped, statePath })
    }
    if (result.error !== undefined) line(io.stderr, `error ${result.error.code}: ${result.error.message}`)
    return result.complete && result.failed.length === 0 ? EXIT.ok : EXIT.failed
  },
}

function resumeFrom(values: Record<string, unknown>, credentials: { environment: string; bundleId: string }): ReplayState {
  if (typeof values.state !== 'string') throw usage('--resume needs --state <file>: the file a previous replay saved its progress to')
  const given = Object.keys(HISTORY_OPTIONS).filter((name) => values[name] !== undefined)
  if (given.length > 0) {
    throw usage(`--resume continues the saved run with its own range and filters; drop ${given.map((name) => `--${name}`).join(', ')}`)
  }
  const state = readReplayState(values.state)
  if (state.environment !== credentials.environment || state.bundleId !== credentials.bundleId) {
    throw usage(
      `${values.state} belongs to ${state.bundleId} in ${state.environment}, but the credentials are for ${credentials.bundleId} in ${credentials.environment}`,
    )
  }
  return state
}

function printSummary(
  io: CliIo,
  run: { result: ReplayResult; to: string; environment: string; stopped: string | undefined; statePath: string | undefined },
): void {
  const { result, to, environment, stopped, statePath } = run
  const range = `${new Date(result.request.startDate).toISOString()} → ${new Date(result.request.endDate).toISOString()}`
  line(io.stdout, `Replayed ${environment} notifications ${range} to ${to}`)
  const refused = result.failed.filter((failure) => failure.status !== undefined).length
  const counts: [string, number][] = [['delivered', result.processed], ['already processed', result.alreadyDone], ['failed', refused]]
  if (refused < result.failed.length) counts.push(['not delivered', result.failed.length - refused])
  counts.push(['pages', result.pages])
  for (const [label, count] of counts) line(io.stdout, `  ${label.padEnd(18)} ${count}`)
  if (result.failed.length > 0) {
    const rows = result.failed.map((failure) => [
      `    ${failure.notificationUUID ?? '?'}`,
      failure.notificationType ?? '?',
      failure.status === undefined ? '-' : String(failure.status),
      failure.code ?? failure.message ?? '',
    ])
    line(io.stdout, table(['    NOTIFICATION UUID', 'TYPE', 'STATUS', 'REASON'], rows))
  }
  if (result.complete) {
    line(io.stdout, result.failed.length === 0 ? 'Complete.' : 'Complete, with failures: fix them and replay the same range again (processed ones are skipped).')
    return
  }
  line(io.stdout, `Stopped early: ${stopped ?? 'interrupted'}.`)
  line(
    io.stdout,
    statePath === undefined
      ? `Not resumable from a file (no --state). Resume token: ${result.resumeToken ?? '(first page)'}`
      : `Resume with: app-store-notifications replay --state ${statePath} --resume`,
  )
}
