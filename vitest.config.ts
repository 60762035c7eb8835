import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const src = (path: string): string => fileURLToPath(new URL(`./src/${path}`, import.meta.url))

// Tests import the package by its public names, as users do; here they resolve to the sources.
// The packaging tests check the built dist/ separately.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^app-store-notifications$/, replacement: src('index.ts') },
      { find: /^app-store-notifications\/testing$/, replacement: src('testing/index.ts') },
      { find: /^app-store-notifications\/express$/, replacement: src('adapters/express.ts') },
      { find: /^app-store-notifications\/fastify$/, replacement: src('adapters/fastify.ts') },
      { find: /^app-store-notifications\/next$/, replacement: src('adapters/next.ts') },
      { find: /^app-store-notifications\/redis$/, replacement: src('redis/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
})
