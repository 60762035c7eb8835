import { defineConfig } from 'tsup'

// One entry per `exports` subpath; the names here are the file names in dist/. Entries other
// than `index` import the core by the package's own name, kept external, so one copy of the core
// (and of its error class) is loaded whichever entries a user imports.
export default defineConfig([
  {
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
    // msw is an optional peer of ./testing, loaded only by appStoreServerApiHandlers.
    external: ['app-store-notifications', 'msw'],
  },
  // The package `bin`: Node only, ESM only; it loads the library through the package's own name.
  // `clean: false`, so that it does not wipe the library build above.
  {
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    dts: false,
    clean: false,
    sourcemap: true,
    splitting: false,
    external: ['app-store-notifications'],
  },
])
