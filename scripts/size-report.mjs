// `npm run size`: the core entry bundled, minified and gzipped, next to Apple's
// @apple/app-store-server-library bundled the same way (esbuild, dependencies included).
// Usage: node scripts/size-report.mjs [--json]   (after `npm run build`)
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(join(root, 'package.json'))
if (!existsSync(join(root, 'dist/index.js'))) {
  console.error('size: dist/index.js is missing: run `npm run build` first')
  process.exit(1)
}

const rows = [
  {
    name: 'app-store-notifications (dist/index.js, every export)',
    entry: join(root, 'dist/index.js'),
    options: { platform: 'neutral', mainFields: ['module', 'main'] },
  },
  {
    name: '  of which loaded up front (pkijs/asn1js for OCSP are a lazy import)',
    entry: join(root, 'dist/index.js'),
    options: { platform: 'neutral', mainFields: ['module', 'main'], external: ['pkijs', 'asn1js'] },
  },
  {
    name: `@apple/app-store-server-library ${require('@apple/app-store-server-library/package.json').version}`,
    entry: require.resolve('@apple/app-store-server-library'),
    // Node builtins stay external (esbuild's node platform does that); npm dependencies are bundled.
    options: { platform: 'node' },
  },
]

const results = []
for (const { name, entry, options } of rows) {
  const output = await build({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', write: false, logLevel: 'error', ...options })
  const code = output.outputFiles[0].contents
  results.push({ name, minified: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength })
}

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(results, null, 2))
} else {
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`
  const width = Math.max(...results.map((result) => result.name.length))
  console.log(`${'bundle (esbuild --bundle --minify --format=esm)'.padEnd(width)} | ${'minified'.padStart(10)} | ${'gzip -9'.padStart(10)}`)
  console.log(`${'-'.repeat(width)}-|-${'-'.repeat(10)}-|-${'-'.repeat(10)}`)
  for (const { name, minified, gzip } of results) console.log(`${name.padEnd(width)} | ${kb(minified).padStart(10)} | ${kb(gzip).padStart(10)}`)
}
