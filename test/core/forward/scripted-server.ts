// Real node:http servers on 127.0.0.1 that misbehave on cue, for the forwarder tests.
import { createServer } from 'node:http'
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedRequest {
  readonly method: string
  readonly headers: IncomingHttpHeaders
  readonly body: Buffer
  /** Date.now() when the whole body had arrived. */
  readonly receivedAt: number
}

/** Answers the request numbered `index` (0-based); doing nothing leaves it hanging. */
export type Script = (index: number, request: IncomingMessage, response: ServerResponse) => void | Promise<void>

export interface ScriptedServer {
  readonly url: string
  readonly requests: ReceivedRequest[]
  close(): Promise<void>
}

const open = new Set<ScriptedServer>()

export async function startScriptedServer(script: Script): Promise<ScriptedServer> {
  const requests: ReceivedRequest[] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const index = requests.length
      requests.push({ method: request.method ?? '', headers: request.headers, body: Buffer.concat(chunks), receivedAt: Date.now() })
      void Promise.resolve(script(index, request, response)).catch(() => request.socket.destroy())
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const handle: ScriptedServer = {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    async close() {
      open.delete(handle)
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
  open.add(handle)
  return handle
}

/** Closes every server still open; call it in afterEach. */
export async function closeAllServers(): Promise<void> {
  await Promise.all([...open].map((server) => server.close()))
}

/** A URL on which nothing listens: a port bound and released again. */
export async function closedPortUrl(): Promise<string> {
  const server = await startScriptedServer(() => undefined)
  await server.close()
  return server.url
}

export const reply =
  (status: number, headers: Record<string, string> = {}) =>
  (_request: IncomingMessage, response: ServerResponse): void => {
    response.writeHead(status, headers).end('{}')
  }

/** Destroys the socket without any answer: the client sees a connection reset. */
export const reset = (request: IncomingMessage): void => {
  request.socket.destroy()
}
