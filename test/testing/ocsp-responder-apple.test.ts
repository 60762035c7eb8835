// Apple's SignedDataVerifier with online checks, against our chain and msw standing in for the
// two OCSP endpoints: proves createOcspResponse output is accepted by Apple's own library.
import { Environment, SignedDataVerifier, VerificationStatus } from '@apple/app-store-server-library'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_OCSP_URLS } from '../../src/testing/create-test-chain.js'
import { createTestSigner, type TestSigner } from '../../src/testing/create-test-signer.js'
import { createOcspResponse, type OcspResponseOptions } from '../../src/testing/ocsp-responder.js'

const BUNDLE_ID = 'com.example.app'

type Answer = Pick<OcspResponseOptions, 'status' | 'signer'>

describe('createOcspResponse with Apple\'s SignedDataVerifier (online checks)', () => {
  let signer: TestSigner
  const answers: { leaf: Answer; intermediate: Answer } = {
    leaf: { status: 'good' },
    intermediate: { status: 'good' },
  }
  const requests: string[] = []
  const respond = (which: 'leaf' | 'intermediate') =>
    http.post(which === 'leaf' ? DEFAULT_OCSP_URLS.leaf : DEFAULT_OCSP_URLS.intermediate, async ({ request }) => {
      requests.push(`${which} ${request.headers.get('content-type') ?? ''}`)
      const body = await createOcspResponse({
        chain: signer.chain,
        request: new Uint8Array(await request.arrayBuffer()),
        ...answers[which],
      })
      return new HttpResponse(body, { headers: { 'content-type': 'application/ocsp-response' } })
    })
  const server = setupServer(respond('leaf'), respond('intermediate'))

  beforeAll(async () => {
    signer = await createTestSigner()
    server.listen({ onUnhandledRequest: 'error' })
  })
  afterEach(() => {
    answers.leaf = { status: 'good' }
    answers.intermediate = { status: 'good' }
    requests.length = 0
  })
  afterAll(() => server.close())

  // A fresh verifier per case: Apple's caches verified chains for 15 minutes in online mode.
  const verify = async (): Promise<unknown> => {
    const { signedPayload } = await signer.signNotification({
      notificationType: 'TEST',
      notificationUUID: crypto.randomUUID(),
      version: '2.0',
      signedDate: Date.now(),
      data: { bundleId: BUNDLE_ID, environment: 'Sandbox' },
    })
    const verifier = new SignedDataVerifier([Buffer.from(signer.rootCertificate)], true, Environment.SANDBOX, BUNDLE_ID)
    return verifier.verifyAndDecodeNotification(signedPayload)
  }

  it('accepts the chain when both delegated responders say good', async () => {
    await expect(verify()).resolves.toMatchObject({ notificationType: 'TEST' })
    expect(requests.sort()).toEqual(['intermediate application/ocsp-request', 'leaf application/ocsp-request'])
  })

  it('rejects a revoked leaf or intermediate', async () => {
    answers.leaf = { status: 'revoked' }
    await expect(verify()).rejects.toMatchObject({ status: VerificationStatus.FAILURE })
    answers.leaf = { status: 'good' }
    answers.intermediate = { status: 'unknown' }
    await expect(verify()).rejects.toMatchObject({ status: VerificationStatus.FAILURE })
  })

  it('rejects a response from a foreign responder', async () => {
    answers.leaf = { status: 'good', signer: 'foreign' }
    await expect(verify()).rejects.toMatchObject({ status: VerificationStatus.INVALID_CERTIFICATE })
  })
})
