// Runs test/runtimes/suite.mjs against the built package on every runtime, each from its npm
// package: Node (the control), Bun, Deno, workerd (through miniflare, two configurations) and the
// Edge runtime VM. A Node HTTP server on 127.0.0.1 is the forwarding target; what it receives is
// checked here, byte for byte, with the forward signature verified.
// Usage: node test/runtimes/run.mjs [node|bun|deno|workerd|edge ...]   (default: all)
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '../..')
const vectorsDir = resolve(root, '../shared/vectors')
const bin = (name) => join(root, 'node_modules/.bin', name)
const FORWARD_SECRET = 'cross-runtime forward secret'
const JOB_TIMEOUT_MS = 120_000
const TOTAL_TIMEOUT_MS = 600_000
const WORKERD_CONFIGS = [
  // nodejs_compat is on by default from 2026-08-04: a `process` global that reports a Node version.
  { name: 'workerd', label: 'workerd, compatibility_date 2026-11-01 (nodejs_compat by default)', compatibilityDate: '2026-11-01', compatibilityFlags: [] },
  { name: 'workerd-nodejs-compat', label: 'workerd, compatibility_date 2026-01-01 + nodejs_compat', compatibilityDate: '2026-01-01', compatibilityFlags: ['nodejs_compat'] },
  { name: 'workerd-plain', label: 'workerd, compatibility_date 2026-01-01, no flags', compatibilityDate: '2026-01-01', compatibilityFlags: [] },
]

for (const file of ['dist/index.js', 'dist/testing.js', 'dist/next.js']) {
  if (!existsSync(join(root, file))) fail(`${file} is missing: run \`npm run build\` first (this suite tests the built package)`)
}
if (!existsSync(join(vectorsDir, 'manifest.json'))) fail(`the genuine Apple vectors are missing at ${vectorsDir}`)

const { verifyForwardSignature } = await import('app-store-notifications')
const selected = process.argv.slice(2)
const runners = { node: runNode, bun: runBun, deno: runDeno, workerd: runWorkerd, edge: runEdge }
for (const name of selected) if (!(name in runners)) fail(`unknown runtime ${name}; choose from ${Object.keys(runners).join(', ')}`)

// A hung runtime must fail the run, not stall CI.
setTimeout(() => fail(`still running after ${TOTAL_TIMEOUT_MS / 1000} s; a runtime hung`), TOTAL_TIMEOUT_MS).unref()
const target = await startTarget()
let failures = 0
try {
  for (const name of selected.length > 0 ? selected : Object.keys(runners)) {
    for await (const outcome of runners[name]()) failures += await report(outcome)
  }
} finally {
  await target.close()
}
console.log(failures === 0 ? '\nruntimes: all checks passed' : `\nruntimes: ${failures} check(s) failed`)
process.exit(failures === 0 ? 0 : 1)

async function* runNode() {
  yield await runCli('node (control)', process.execPath, [join(here, 'cli-entry.mjs')], 'node')
}

async function* runBun() {
  yield await runCli('bun', bin('bun'), [join(here, 'cli-entry.mjs')], 'bun')
}

async function* runDeno() {
  // Least privilege: read the repository and the vectors, talk to the loopback target only.
  const args = ['run', '--no-prompt', '--no-lock', `--allow-read=${root},${vectorsDir}`, `--allow-net=127.0.0.1:${target.port}`, join(here, 'cli-entry.mjs')]
  yield await runCli('deno', bin('deno'), args, 'deno')
}

async function* runWorkerd() {
  const started = Date.now()
  const { Miniflare } = await import('miniflare')
  const script = await bundle('worker.mjs', 'esm', ['workerd', 'worker', 'import'])
  const mf = new Miniflare({
    workers: WORKERD_CONFIGS.map(({ name, compatibilityDate, compatibilityFlags }) => ({ name, modules: true, script, compatibilityDate, compatibilityFlags })),
  })
  try {
    const job = { vectors: readVectors(), forwardSecret: FORWARD_SECRET }
    for (const config of WORKERD_CONFIGS) {
      const configStarted = Date.now()
      const worker = await mf.getWorker(config.name)
      const response = await worker.fetch('http://localhost/', { method: 'POST', body: JSON.stringify({ ...job, forwardUrl: `${target.url}/${config.name}` }) })
      const text = await response.text()
      if (response.status !== 200) {
        yield { label: config.label, error: `the worker answered ${response.status}: ${text.slice(0, 500)}`, ms: Date.now() - configStarted }
        continue
      }
      yield { label: config.label, prefix: `/${config.name}`, result: JSON.parse(text), ms: Date.now() - (config === WORKERD_CONFIGS[0] ? started : configStarted) }
    }
  } finally {
    await mf.dispose()
  }
}

async function* runEdge() {
  const started = Date.now()
  const { EdgeVM } = await import('@edge-runtime/vm')
  const script = await bundle('edge-entry.mjs', 'iife', ['edge-light', 'worker', 'import'])
  const vm = new EdgeVM()
  // The job is created inside the VM's realm, as a request body would be.
  vm.evaluate(`globalThis.__asnJob = ${JSON.stringify({ vectors: readVectors(), forwardUrl: `${target.url}/edge`, forwardSecret: FORWARD_SECRET })}`)
  vm.evaluate(script)
  const result = await vm.evaluate('globalThis.__asnSuite')
  yield { label: '@edge-runtime/vm (Next.js / Vercel Edge sandbox)', prefix: '/edge', result: JSON.parse(JSON.stringify(result)), ms: Date.now() - started }
}

/** Runs cli-entry.mjs in a runtime with a command line and parses its result line. */
async function runCli(label, file, args, prefix) {
  const started = Date.now()
  try {
    const { stdout } = await promisify(execFile)(file, [...args, vectorsDir, `${target.url}/${prefix}`, FORWARD_SECRET], {
      cwd: root, timeout: JOB_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' },
    })
    const line = stdout.split('\n').find((candidate) => candidate.startsWith('@@RESULT '))
    if (line === undefined) return { label, error: `no result line in the output:\n${stdout.slice(-2000)}`, ms: Date.now() - started }
    return { label, prefix: `/${prefix}`, result: JSON.parse(line.slice('@@RESULT '.length)), ms: Date.now() - started }
  } catch (error) {
    return { label, error: `${error.message}\n${error.stderr ?? ''}`.slice(0, 4000), ms: Date.now() - started }
  }
}

/** Bundles an entry with the package resolved through its own exports map (as Node resolves it). */
async function bundle(entry, format, conditions) {
  const { build } = await import('esbuild')
  const output = await build({
    entryPoints: [join(here, entry)], bundle: true, format, platform: 'neutral', mainFields: ['module', 'main'], conditions,
    write: false, outfile: `${entry}.bundle.js`, logLevel: 'warning',
    plugins: [{
      name: 'self-reference',
      setup(build) {
        build.onResolve({ filter: /^app-store-notifications(\/|$)/ }, (args) => ({ path: fileURLToPath(import.meta.resolve(args.path)) }))
      },
    }],
  })
  return output.outputFiles[0].text
}

function readVectors() {
  const manifest = JSON.parse(readFileSync(join(vectorsDir, 'manifest.json'), 'utf8'))
  return manifest.genuine.map(({ file, kind, expected }) => ({ file, kind, expected, text: readFileSync(join(vectorsDir, file), 'utf8') }))
}

/** Prints one runtime's checks plus the host-side checks of what it forwarded; returns the failure count. */
async function report({ label, prefix, result, error, ms }) {
  console.log(`\n▶ ${label}${result === undefined ? '' : ` — ${result.runtime}`} (${(ms / 1000).toFixed(1)} s)`)
  if (error !== undefined) {
    console.log(`  ✗ did not run: ${error}`)
    return 1
  }
  const checks = [...result.checks, ...(await forwardChecks(prefix, result.forwarded, result.checks))]
  for (const check of checks) {
    const mark = check.skipped ? '–' : check.ok ? '✓' : '✗'
    console.log(`  ${mark} ${check.name}${check.detail === undefined ? '' : check.ok ? ` (${check.detail})` : `\n      ${check.detail.replace(/\n/g, '\n      ')}`}`)
  }
  return checks.filter((check) => !check.ok).length
}

/** The loopback target must have received exactly what the runtime says it forwarded. */
async function forwardChecks(prefix, forwarded, checks) {
  const attempted = checks.some((check) => check.name.startsWith('createForwarder') || check.name.startsWith('handler with forward'))
  if (!attempted) return []
  const results = []
  for (const { path, body, uuid } of forwarded) {
    const received = target.requests.filter((request) => request.path === `${prefix}${path}`)
    const name = `loopback target received ${path} byte for byte${path === '/direct' ? ', with a valid x-asn-signature' : ''}`
    results.push({ name, ...(await checkReceived(received, body, uuid, path === '/direct')) })
  }
  return results
}

async function checkReceived(received, body, uuid, signed) {
  if (received.length !== 1) return { ok: false, detail: `expected 1 request, got ${received.length}` }
  const [request] = received
  const expected = Buffer.from(body, 'utf8')
  if (!request.body.equals(expected)) return { ok: false, detail: `body differs: sha256 ${sha256(request.body)} ≠ ${sha256(expected)}` }
  if (request.headers['x-asn-notification-uuid'] !== uuid) return { ok: false, detail: `x-asn-notification-uuid ${request.headers['x-asn-notification-uuid']} ≠ ${uuid}` }
  if (request.headers['content-type'] !== 'application/json') return { ok: false, detail: `content-type ${request.headers['content-type']}` }
  if (!signed) return { ok: true, detail: `${request.body.length} bytes` }
  return verifyForwardSignature({ body: new Uint8Array(request.body), header: request.headers['x-asn-signature'] ?? null, secret: FORWARD_SECRET }).then(
    () => ({ ok: true, detail: `${request.body.length} bytes` }),
    (error) => ({ ok: false, detail: `${error.code}: ${error.message}` }),
  )
}

function sha256(bytes) {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16)
}

/** A loopback HTTP target that records every request and answers 200. */
async function startTarget() {
  const requests = []
  const server = createServer((request, response) => {
    const chunks = []
    request.on('data', (chunk) => chunks.push(chunk))
    request.on('end', () => {
      requests.push({ path: request.url, headers: request.headers, body: Buffer.concat(chunks) })
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok')
    })
  })
  await new Promise((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address()
  return { url: `http://127.0.0.1:${port}`, port, requests, close: () => new Promise((done) => server.close(done)) }
}

function fail(message) {
  console.error(`runtimes: ${message}`)
  process.exit(1)
}
