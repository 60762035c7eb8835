// Packaging gates, on the artifact users get: publint (strict), arethetypeswrong (node16 +
// bundler), then `npm pack` installed into a temporary project where every subpath is
// `require`d and `import`ed in a fresh Node process that also checks for global side effects,
// and a TypeScript consumer compiles under moduleResolution node16 (ESM and CJS) and bundler.
// Usage: node test/packaging/check-package.mjs   (after `npm run build`)
import { execFile } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { globalsProbe } from './globals-probe.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '../..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const run = promisify(execFile)
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const SUBPATHS = Object.keys(pkg.exports)
/** A value each entry must export, in both formats. */
const EXPECTED_EXPORT = {
  '.': 'createNotificationVerifier', './testing': 'createTestSigner', './express': 'createExpressMiddleware', './fastify': 'fastifyAsnPlugin',
  './next': 'createNextRouteHandler', './redis': 'createRedisIdempotencyStore', './package.json': 'name',
}
/**
 * Globals that dependencies define when loaded, by the entries that load them: zod 4 shares its
 * config and registry across copies through `globalThis`. pkijs 4 writes `globalThis[process.pid]`
 * when it loads, so no entry may load it on import: the core loads it for OCSP, the testing kit
 * when a chain is built or an OCSP response answered. Our own modules must add nothing: checked
 * with dependencies preloaded.
 */
const DEPENDENCY_GLOBALS = { zod: ['__zod_globalConfig', '__zod_globalRegistry'] }
const ALLOWED_COLD = { '.': ['zod'], './testing': ['zod'] }

const steps = []
const temp = mkdtempSync(join(tmpdir(), 'asn-package-'))
try {
  for (const file of ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts']) {
    if (!existsSync(join(root, file))) throw new Error(`${file} is missing: run \`npm run build\` first`)
  }
  await step('publint --strict', async () => {
    const { stdout } = await run(join(root, 'node_modules/.bin/publint'), ['--strict'], { cwd: root })
    if (!stdout.includes('All good!')) throw new Error(stdout)
    return 'All good!'
  })
  const tarball = await step('npm pack', async () => {
    const { stdout } = await run(npm, ['pack', '--json', '--pack-destination', temp], { cwd: root, maxBuffer: 64 * 1024 * 1024 })
    const [info] = JSON.parse(stdout.slice(stdout.indexOf('[')))
    const unexpected = info.files.map((file) => file.path).filter((path) => !/^(dist\/|fixtures\/|README\.md$|CHANGELOG\.md$|LICENSE|package\.json$)/.test(path))
    if (unexpected.length > 0) throw new Error(`unexpected files in the tarball: ${unexpected.join(', ')}`)
    return { value: join(temp, info.filename), detail: `${info.filename}, ${info.entryCount} files, ${(info.size / 1024).toFixed(0)} kB packed` }
  })
  await step('attw (profile node16: node16-CJS, node16-ESM, bundler)', async () => {
    const args = [tarball, '--profile', 'node16', '--format', 'table-flipped', '--no-color', '--no-emoji']
    const { stdout } = await run(join(root, 'node_modules/.bin/attw'), args, { cwd: root }).catch((error) => {
      throw new Error(`${error.stdout ?? ''}${error.stderr ?? ''}`)
    })
    return stdout.trim()
  })

  const consumer = join(temp, 'consumer')
  await step('install the tarball into a fresh project', async () => {
    cpSync(join(here, 'consumer.ts'), join(consumer, 'src/index.ts'))
    cpSync(join(here, 'consumer.ts'), join(consumer, 'src/esm.mts'))
    cpSync(join(here, 'consumer.ts'), join(consumer, 'src/cjs.cts'))
    writeFileSync(join(consumer, 'package.json'), `${JSON.stringify({ name: 'asn-consumer', version: '0.0.0', private: true }, null, 2)}\n`)
    // Types the adapters' and the testing kit's declarations refer to (optional peers of users).
    const peers = ['@types/express', 'fastify', 'msw'].map((name) => `${name}@${installedVersion(name)}`)
    await run(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', tarball, ...peers], { cwd: consumer })
    return `with ${peers.join(', ')}`
  })
  const exportsByFormat = { require: {}, import: {} }
  for (const format of ['require', 'import']) {
    await step(`${format}() of every subpath in fresh Node processes; no global side effects`, async () => {
      for (const subpath of SUBPATHS) {
        const specifier = `app-store-notifications${subpath.slice(1)}`
        const what = `${format}('${specifier}')`
        const [cold, warm] = await Promise.all([probe(consumer, format, specifier, []), probe(consumer, format, specifier, Object.keys(pkg.dependencies))])
        const expected = EXPECTED_EXPORT[subpath]
        if (!cold.keys.includes(expected)) throw new Error(`${what} lacks ${expected}; it has ${cold.keys.join(', ')}`)
        checkGlobals(subpath, cold, warm, what)
        exportsByFormat[format][subpath] = cold
      }
      return SUBPATHS.map((subpath) => {
        const { keys, added } = exportsByFormat[format][subpath]
        return `${subpath}: ${keys.length} exports${added.length > 0 ? `; dependencies added ${added.join(', ')}` : ''}`
      }).join('\n')
    })
  }
  await step('import and require give the same export names', async () => {
    for (const subpath of SUBPATHS) {
      const esm = exportsByFormat.import[subpath].keys.filter((key) => key !== 'default')
      const cjs = exportsByFormat.require[subpath].keys
      const differ = [...esm.filter((key) => !cjs.includes(key)), ...cjs.filter((key) => !esm.includes(key))]
      if (differ.length > 0) throw new Error(`${subpath}: only in one format: ${differ.join(', ')}`)
    }
  })
  await step('tsc: a TypeScript consumer of every subpath compiles (node16 ESM and CJS, bundler)', async () => {
    const tsc = join(root, 'node_modules/typescript/bin/tsc')
    const base = { strict: true, noEmit: true, skipLibCheck: false, target: 'es2022', lib: ['es2022', 'dom', 'dom.iterable'], types: [] }
    const node16 = { module: 'node16', moduleResolution: 'node16' }
    const variants = [
      ['node16-esm', { ...node16 }, 'src/esm.mts'],
      // msw's own declarations fail lib checking when loaded as CommonJS (its ESM-only `rettime`
      // import, TS1479), whoever imports them; our .d.cts equal the .d.ts checked in full above.
      ['node16-cjs', { ...node16, skipLibCheck: true }, 'src/cjs.cts'],
      ['bundler', { module: 'esnext', moduleResolution: 'bundler' }, 'src/index.ts'],
    ]
    await Promise.all(variants.map(async ([name, options, file]) => {
      const config = join(consumer, `tsconfig.${name}.json`)
      writeFileSync(config, JSON.stringify({ compilerOptions: { ...base, ...options }, files: [file] }, null, 2))
      await run(process.execPath, [tsc, '-p', config], { cwd: consumer }).catch((error) => {
        throw new Error(`${name}:\n${error.stdout ?? ''}${error.stderr ?? ''}`)
      })
    }))
    return `${variants.map(([name, , file]) => `${name} (${file})`).join(', ')}; TypeScript ${installedVersion('typescript')}`
  })
} catch (error) {
  console.error(`\npackaging: FAILED — ${error.message}`)
  process.exitCode = 1
} finally {
  rmSync(temp, { recursive: true, force: true })
}
if (process.exitCode !== 1) console.log(`\npackaging: all ${steps.length} gates passed`)

/** Runs one gate, prints its outcome and time; a failure stops the run. */
async function step(name, body) {
  const started = Date.now()
  try {
    const outcome = await body()
    const { value, detail } = typeof outcome === 'object' && outcome !== null && 'value' in outcome ? outcome : { value: outcome, detail: outcome }
    console.log(`  ✓ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)${detail === undefined ? '' : `\n      ${String(detail).replace(/\n/g, '\n      ')}`}`)
    steps.push(name)
    return value
  } catch (error) {
    console.log(`  ✗ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
    throw new Error(`${name}: ${error.message}`)
  }
}

/** Loads `specifier` in a fresh Node process (see globals-probe.mjs) and returns its report. */
async function probe(cwd, format, specifier, preload) {
  const file = join(cwd, format === 'import' ? 'probe.mjs' : 'probe.cjs')
  if (!existsSync(file)) writeFileSync(file, `${globalsProbe.toString()}\nglobalsProbe(...JSON.parse(process.argv[2]))\n`)
  const { stdout } = await run(process.execPath, [file, JSON.stringify([format, specifier, preload])], { cwd }).catch((error) => {
    throw new Error(`${format}('${specifier}') failed:\n${error.stderr ?? error.message}`)
  })
  return JSON.parse(stdout.trim().split('\n').pop())
}

function checkGlobals(subpath, cold, warm, what) {
  if (warm.added.length > 0 || warm.changed.length > 0) {
    throw new Error(`${what} itself changed globals (dependencies preloaded): added ${warm.added.join(', ') || 'none'}, changed ${warm.changed.join(', ') || 'none'}`)
  }
  if (cold.changed.length > 0) throw new Error(`${what} changed existing globals or intrinsics: ${cold.changed.join(', ')}`)
  const allowed = (ALLOWED_COLD[subpath] ?? []).flatMap((dependency) => DEPENDENCY_GLOBALS[dependency])
  const unexpected = cold.added.filter((key) => !allowed.includes(key))
  if (unexpected.length > 0) throw new Error(`${what} added globals: ${unexpected.join(', ')} (allowed for this entry: ${allowed.join(', ') || 'none'})`)
}

function installedVersion(name) {
  return JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version
}
