// Entry for the Edge runtime VM (@edge-runtime/vm, the sandbox behind Next.js `runtime = 'edge'`
// and Vercel Edge Functions): bundled as a classic script, it reads the job the host placed on
// globalThis and leaves the suite's promise there for the host to await.
import { runSuite } from './suite.mjs'

globalThis.__asnSuite = runSuite(globalThis.__asnJob)
