// `npm run demo`: the express-wallet example end to end on loopback, with the library's embedded
// test signer, an in-memory wallet and a local stand-in for Apple's App Store Server API.
// Exits 0 when every step behaved as expected, 1 otherwise.
import { runDemo } from '../examples/express-wallet/demo.mjs'

try {
  process.exitCode = (await runDemo()) ? 0 : 1
} catch (error) {
  console.error('the demo failed:', error)
  process.exitCode = 1
}
