// Entry for workerd (bundled by esbuild, run by miniflare): the host POSTs the job (vectors
// included, as a Worker has no file system) and reads the suite's result from the response.
import { runSuite } from './suite.mjs'

export default {
  async fetch(request) {
    return Response.json(await runSuite(await request.json()))
  },
}
