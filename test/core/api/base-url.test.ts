// baseUrl override against a real HTTP server on 127.0.0.1 (no msw in this file): a proxy or test
// double in front of Apple gets the same path, headers and body.
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { jwtVerify } from 'jose'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createAppStoreServerApi } from '../../../src/core/api/create-app-store-server-api.js'
import { createTestCredentials, type TestCredentials } from './apple-server-mock.js'

let credentials: TestCredentials
let httpServer: Server
let baseUrl: string
const seen: { method: string | undefined; url: string | undefined; authorization: string | undefined; body: string }[] = []

const readBody = async (request: IncomingMessage): Promise<string> => {
  let text = ''
  for await (const chunk of request) text += String(chunk)
  return text
}

beforeAll(async () => {
  credentials = await createTestCredentials()
  httpServer = createServer((request, response) => {
    void readBody(request).then((body) => {
      seen.push({ method: request.method, url: request.url, authorization: request.headers.authorization, body })
      response.writeHead(202).end()
    })
  })
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/`
})
afterAll(() => new Promise<void>((resolve) => httpServer.close(() => resolve())))

it('sends to baseUrl instead of Apple’s host, with a valid bearer token', async () => {
  const api = createAppStoreServerApi({ ...credentials, environment: 'Sandbox', baseUrl })
  await api.sendConsumptionInformation('123', { customerConsented: true, deliveryStatus: 'DELIVERED', sampleContentProvided: false })
  expect(seen).toHaveLength(1)
  expect(seen[0]?.method).toBe('PUT')
  expect(seen[0]?.url).toBe('/inApps/v2/transactions/consumption/123')
  expect(JSON.parse(seen[0]?.body ?? '')).toEqual({ customerConsented: true, deliveryStatus: 'DELIVERED', sampleContentProvided: false })
  const token = seen[0]?.authorization?.replace(/^Bearer /, '') ?? ''
  await expect(jwtVerify(token, credentials.keys.publicKey, { audience: 'appstoreconnect-v1' })).resolves.toBeDefined()
})
