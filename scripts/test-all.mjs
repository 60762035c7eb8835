// `npm test`: every gate CI runs, in order, failing fast. Each job prints a header, its own
// output, and its result with the time it took; a summary table closes the run.
// Usage: node scripts/test-all.mjs [--only job,job] [--skip job,job]   (jobs: see JOBS below)
import { spawn } from 'node:child_process'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const bin = (name) => join(root, 'node_modules/.bin', name)
const node = process.execPath
const vitest = join(root, 'node_modules/vitest/vitest.mjs')

/** The Node versions besides the machine's, from the npm registry's `node` package. */
const EXTRA_NODE_VERSIONS = ['22.23.3', '24.21.0']

const JOBS = [
  { id: 'typecheck', title: 'typecheck: tsc on the project and on src/core (Web APIs only)', commands: [
    [bin('tsc'), '--noEmit', '-p', 'tsconfig.json'],
    [bin('tsc'), '--noEmit', '-p', 'src/core/tsconfig.json'],
  ] },
  { id: 'build', title: 'build: tsup (ESM + CJS + d.ts for every entry)', commands: [[bin('tsup')]] },
  { id: 'node20', title: `vitest on the machine's Node ${process.version}`, commands: [[node, vitest, 'run']] },
  { id: 'runtimes', title: 'cross-runtime suite on dist/: Node, Bun, Deno, workerd (miniflare), Edge runtime VM', commands: [[node, 'test/runtimes/run.mjs']] },
  { id: 'packaging', title: 'packaging: publint, attw, npm pack → import/require/globals, TypeScript consumers', commands: [[node, 'test/packaging/check-package.mjs']] },
  { id: 'size', title: 'size: core bundle vs @apple/app-store-server-library', commands: [[node, 'scripts/size-report.mjs']] },
  ...EXTRA_NODE_VERSIONS.map((version) => ({
    id: `node${version.split('.')[0]}`,
    title: `vitest on Node ${version} (npm package node@${version})`,
    commands: [[node, 'scripts/run-on-node.mjs', version]],
  })),
]

const option = (name) => {
  const index = process.argv.indexOf(name)
  return index === -1 ? undefined : (process.argv[index + 1] ?? '').split(',').filter(Boolean)
}
const only = option('--only')
const skip = option('--skip') ?? []
for (const id of [...(only ?? []), ...skip]) {
  if (!JOBS.some((job) => job.id === id)) {
    console.error(`unknown job ${id}; jobs: ${JOBS.map((job) => job.id).join(', ')}`)
    process.exit(2)
  }
}
const selected = JOBS.filter((job) => (only === undefined || only.includes(job.id)) && !skip.includes(job.id))

const results = []
const started = Date.now()
for (const [index, job] of selected.entries()) {
  console.log(`\n━━━━ [${index + 1}/${selected.length}] ${job.id} — ${job.title}\n`)
  const jobStarted = Date.now()
  let ok = true
  for (const command of job.commands) {
    ok = (await runCommand(command)) === 0
    if (!ok) break
  }
  const seconds = (Date.now() - jobStarted) / 1000
  results.push({ id: job.id, result: ok ? 'passed' : 'FAILED', seconds })
  console.log(`\n${ok ? '✔' : '✘'} ${job.id} ${ok ? 'passed' : 'FAILED'} in ${seconds.toFixed(1)} s`)
  if (!ok) break
}
for (const job of selected.slice(results.length)) results.push({ id: job.id, result: 'not run', seconds: null })

const failed = results.filter((result) => result.result === 'FAILED').length
const passed = results.filter((result) => result.result === 'passed').length
console.log('\n━━━━ summary\n')
console.log(`${'job'.padEnd(12)} ${'result'.padEnd(8)} ${'time'.padStart(9)}`)
for (const { id, result, seconds } of results) console.log(`${id.padEnd(12)} ${result.padEnd(8)} ${seconds === null ? '' : `${seconds.toFixed(1)} s`.padStart(9)}`)
console.log(`${'total'.padEnd(12)} ${''.padEnd(8)} ${`${((Date.now() - started) / 1000).toFixed(1)} s`.padStart(9)}`)
console.log(`\njobs: ${passed} passed, ${failed} failed`)
process.exit(failed === 0 && passed === selected.length ? 0 : 1)

function runCommand([file, ...args]) {
  return new Promise((done) => {
    const child = spawn(file, args, { cwd: root, stdio: 'inherit' })
    child.on('error', (error) => {
      console.error(`cannot start ${file}: ${error.message}`)
      done(1)
    })
    child.on('exit', (code, signal) => done(code ?? (signal === null ? 1 : 128)))
  })
}
