import { defineConfig } from 'tsup'

// One entry per `exports` subpath; the names here are the file names in dist/. Entries other
// than `index` import the core by the package's own name, kept external, so one copy of the core
// (and of its error class) is loaded whichever entries a user imports.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    testing: 'src/testing/index.ts',
    express: 'src/adapters/express.ts',
    fastify: 'src/adapters/fastify.ts',
    next: 'src/adapters/next.ts',
    redis: 'src/redis/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  splitting: false,
  treeshake: true,
  external: ['app-store-notifications'],
})
