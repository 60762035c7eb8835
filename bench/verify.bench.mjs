// npm run bench — compares this verifier with Apple's library and raw node:crypto on identical
// inputs (genuine Apple vectors from ../shared/vectors), in one process. Prints ops/s and ratios.
import { verify as nodeVerify, X509Certificate } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Environment, SignedDataVerifier } from '@apple/app-store-server-library'
import { createNotificationVerifier } from '../dist/index.js'

const vectors = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/vectors')
if (!existsSync(vectors)) throw new Error(`benchmark inputs not found: ${vectors} (the workspace's shared vectors)`)
const read = (file) => readFileSync(join(vectors, file))

const body = read('apple-genuine/refund-sandbox-20251016T052202Z-sessionpro.json').toString()
const { signedPayload } = JSON.parse(body)
const payload = JSON.parse(Buffer.from(signedPayload.split('.')[1], 'base64url'))
const { signedTransactionInfo, signedRenewalInfo, bundleId, appAppleId } = payload.data
const g3 = read('apple-roots/AppleRootCA-G3.cer')

const options = { bundleId, environment: 'Sandbox', appAppleId }
const ours = createNotificationVerifier(options)
const oursWeb = createNotificationVerifier({ ...options, crypto: 'webcrypto' })
const apple = new SignedDataVerifier([g3], false, Environment.SANDBOX, bundleId, appAppleId)

// Raw node:crypto: the ES256 check alone, key prebuilt, bytes pre-split — the floor of any verifier.
const [h, p, s] = signedTransactionInfo.split('.')
const leafDer = Buffer.from(JSON.parse(Buffer.from(h, 'base64url')).x5c[0], 'base64')
const leafKey = new X509Certificate(leafDer).publicKey
const signingInput = Buffer.from(`${h}.${p}`)
const signature = Buffer.from(s, 'base64url')

const raw = () => nodeVerify('sha256', signingInput, { key: leafKey, dsaEncoding: 'ieee-p1363' }, signature)
if (!raw()) throw new Error('raw verify failed')

async function measure(fn, { seconds = 1, rounds = 5 } = {}) {
  for (let i = 0; i < 30; i++) await fn()
  const results = []
  for (let r = 0; r < rounds; r++) {
    let count = 0
    const start = performance.now()
    const end = start + seconds * 1000
    while (performance.now() < end) {
      await fn()
      count++
    }
    results.push((count * 1000) / (performance.now() - start))
  }
  results.sort((a, b) => a - b)
  return results[Math.floor(results.length / 2)]
}

const rows = []
const row = (name, opsPerSecond, note = '') => {
  rows.push({ name, opsPerSecond, note })
  console.log(`${name.padEnd(64)} ${opsPerSecond.toFixed(0).padStart(8)} ops/s ${note}`)
}

console.log(`node ${process.version}, ${(await import('node:os')).cpus().length} cpus; median of 5 × 1 s\n`)
const fullOurs = await measure(() => ours.verifyNotification(body))
row('ours: notification + nested tx + renewal, known chain', fullOurs)
const fullOursWeb = await measure(() => oursWeb.verifyNotification(body))
row('ours (webcrypto): notification + nested tx + renewal, known chain', fullOursWeb)
const fullApple = await measure(async () => {
  const n = await apple.verifyAndDecodeNotification(signedPayload)
  await apple.verifyAndDecodeTransaction(n.data.signedTransactionInfo)
  await apple.verifyAndDecodeRenewalInfo(n.data.signedRenewalInfo)
})
row("Apple's library: notification + nested tx + renewal", fullApple)

const singleOurs = await measure(() => ours.verifyTransaction(signedTransactionInfo))
row('ours: one transaction JWS, known chain', singleOurs)
const singleOursWeb = await measure(() => oursWeb.verifyTransaction(signedTransactionInfo))
row('ours (webcrypto): one transaction JWS, known chain', singleOursWeb)
const singleRaw = await measure(raw)
row('raw node:crypto ES256 verify of the same bytes', singleRaw)
const singleApple = await measure(() => apple.verifyAndDecodeTransaction(signedTransactionInfo))
row("Apple's library: one transaction JWS", singleApple)

// Unseen chains: two genuine renewal infos signed by different Apple leaves (2021 and 2025), verified
// alternately by a verifier that caches one chain, so every call is a first sight of its chain.
const renewalInfos = [
  read('apple-genuine/renewal-info-sandbox-20230523T061938Z-ringalarm.jws').toString(),
  read('apple-genuine/renewal-info-sandbox-20251016T052202Z-sessionpro.jws').toString(),
]
const leafOf = (jws) => JSON.parse(Buffer.from(jws.split('.')[0], 'base64url')).x5c[0]
if (leafOf(renewalInfos[0]) === leafOf(renewalInfos[1])) throw new Error('the unseen-chain inputs must have different leaves')
const alternate = (verify) => {
  let i = 0
  return () => verify(renewalInfos[i++ % 2])
}
const unseenOptions = { bundleId: 'renewal.info.has.no.bundle.id', environment: 'Sandbox', chainCacheSize: 1 }
const oneChain = createNotificationVerifier(unseenOptions)
const unseenOurs = await measure(alternate((jws) => oneChain.verifyRenewalInfo(jws)))
row('ours: renewal info JWS, unseen chain each call', unseenOurs)
const oneChainWeb = createNotificationVerifier({ ...unseenOptions, crypto: 'webcrypto' })
row('ours (webcrypto): renewal info JWS, unseen chain each call', await measure(alternate((jws) => oneChainWeb.verifyRenewalInfo(jws))))
const appleRenewal = new SignedDataVerifier([g3], false, Environment.SANDBOX, 'renewal.info.has.no.bundle.id')
const unseenApple = await measure(alternate((jws) => appleRenewal.verifyAndDecodeRenewalInfo(jws)))
row("Apple's library: the same renewal infos", unseenApple)

const checks = [
  ['notification with nested, known chain vs Apple (target ≥ 15×)', fullOurs / fullApple, 15],
  ['single JWS, known chain vs raw node:crypto (target ≥ 0.5×)', singleOurs / singleRaw, 0.5],
  ['unseen chain vs Apple, one JWS (target ≥ 1×)', unseenOurs / unseenApple, 1],
]
console.log('\n| ratio | measured | target | |\n|---|---|---|---|')
let failed = 0
for (const [name, ratio, target] of checks) {
  const ok = ratio >= target
  if (!ok) failed++
  console.log(`| ${name} | ${ratio.toFixed(2)}× | ${target}× | ${ok ? 'met' : 'MISSED'} |`)
}
process.exitCode = failed === 0 ? 0 : 1
