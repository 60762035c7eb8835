// `test-notification`: ask Apple for a TEST notification, wait for its send attempt, show it.
import { sendTestNotification } from 'app-store-notifications'
import { EXIT, line, parseCommandLine, usage, type CliCommand } from '../cli-io.js'
import { createCliApi, CREDENTIAL_OPTIONS, CREDENTIALS_HELP, readCredentials } from '../credentials.js'
import { formatDate, parseDuration, table } from '../format.js'

const HELP = `Usage: app-store-notifications test-notification [options]

Asks Apple to send a TEST notification to the URL configured in App Store Connect for the
environment of the credentials, then asks Apple every second whether it was sent, and shows
Apple's send attempts (SUCCESS, UNSUCCESSFUL_HTTP_RESPONSE_CODE, TIMED_OUT, TLS_ISSUE…) and the
payload it sent (decoded for display; it comes from Apple's API over TLS).

Options:
  --timeout <duration>   how long to wait for Apple's send attempt (default 60s)
  --json                 machine-readable output on stdout
  -h, --help             show this help

${CREDENTIALS_HELP}

Exit codes: 0 your endpoint answered 2xx, 1 it did not (or Apple reported nothing in time; the error
code is printed), 2 wrong command line or credentials.`

export const testNotificationCommand: CliCommand = {
  name: 'test-notification',
  summary: "send Apple's TEST notification to your URL and show the result",
  help: HELP,
  async run(args, io) {
    const { values } = parseCommandLine('test-notification', args, { ...CREDENTIAL_OPTIONS, timeout: { type: 'string' }, json: { type: 'boolean' } })
    if (values.help === true) {
      line(io.stdout, HELP)
      return EXIT.ok
    }
    const credentials = readCredentials(values, io)
    const timeoutMs = values.timeout === undefined ? 60_000 : parseDuration(values.timeout)
    if (timeoutMs === undefined || timeoutMs <= 0) throw usage(`--timeout must be a duration such as 60s or 2m, got ${JSON.stringify(values.timeout)}`)
    if (values.json !== true) line(io.stderr, `Requesting a ${credentials.environment} TEST notification for ${credentials.bundleId}; waiting up to ${timeoutMs / 1000} s…`)

    const result = await sendTestNotification({ api: createCliApi(credentials, io), timeoutMs, now: io.now })
    if (values.json === true) {
      const { decoded, ...rest } = result
      line(io.stdout, JSON.stringify({ environment: credentials.environment, ...rest, payload: decoded.payload }, null, 2))
    } else {
      const now = io.now()
      const payload = result.decoded.payload
      const data = (payload.data ?? {}) as Record<string, unknown>
      line(io.stdout, `Test notification token ${result.testNotificationToken}`)
      line(io.stdout, table(['ATTEMPT', 'RESULT'], result.sendAttempts.map((attempt) => [formatDate(attempt.attemptDate, now), attempt.sendAttemptResult])))
      line(io.stdout, `Payload: ${String(payload.notificationType)} ${String(payload.notificationUUID)}, bundleId ${String(data.bundleId)}, environment ${String(data.environment)}`)
      if (typeof payload.signedDate === 'number') line(io.stdout, `Signed ${formatDate(payload.signedDate, now)}`)
      line(
        io.stdout,
        result.delivered
          ? 'Delivered: your endpoint answered 2xx.'
          : 'Not delivered: Apple got no 2xx answer (check the URL in App Store Connect, TLS 1.2+, and that the endpoint answers 200).',
      )
    }
    return result.delivered ? EXIT.ok : EXIT.failed
  },
}
