// Entry "app-store-notifications/testing": explicit re-exports only.

export { createTestChain, DEFAULT_OCSP_URLS } from './create-test-chain.js'
export type { TestCertificate, TestChain, TestChainOptions, Validity } from './create-test-chain.js'
export { createTestSigner } from './create-test-signer.js'
export type { SignedNotification, SignOptions, TestSigner, TestSignerOptions } from './create-test-signer.js'
export { createNegativeVariants, tamperJws } from './negative-variants.js'
export type { JwsPart, NegativeVariants } from './negative-variants.js'
export { createOcspResponse } from './ocsp-responder.js'
export type { OcspCertStatus, OcspResponseOptions, OcspResponseStatus, OcspSigner } from './ocsp-responder.js'
