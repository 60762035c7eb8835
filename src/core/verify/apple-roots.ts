/**
 * Apple Root CA - G3 (EC P-384, valid 2014-04-30 → 2039-04-30), the anchor of every App Store JWS,
 * as standard base64 DER. SHA-256 fingerprint
 * 63:34:3A:BF:B8:9A:6A:03:EB:B5:7E:9B:3F:5F:A7:BE:7C:4F:5C:75:6F:30:17:B3:A8:C4:88:C3:65:3E:91:79,
 * as published at https://www.apple.com/certificateauthority/.
 *
 * Apple's RSA roots (G2, Apple Inc. Root) never sign App Store data and are not bundled; pass them
 * through `rootCertificates` if Apple ever announces otherwise.
 *
 * @example
 * import { APPLE_ROOT_CA_G3 } from 'app-store-notifications'
 * const verifier = createNotificationVerifier({ bundleId, environment: 'Sandbox', rootCertificates: [APPLE_ROOT_CA_G3] })
 *
 * Exported from `app-store-notifications`.
 */
export const APPLE_ROOT_CA_G3: string =
  'MIICQzCCAcmgAwIBAgIILcX8iNLFS5UwCgYIKoZIzj0EAwMwZzEbMBkGA1UEAwwSQXBwbGUgUm9vdCBDQSAtIEczMSYwJAYDVQQLDB1BcHBsZSBDZXJ0aWZpY2F0aW9uIEF1dGhvcml0eTETMBEGA1UECgwKQXBwbGUgSW5jLjELMAkGA1UEBhMCVVMwHhcNMTQwNDMwMTgxOTA2WhcNMzkwNDMwMTgxOTA2WjBnMRswGQYDVQQDDBJBcHBsZSBSb290IENBIC0gRzMxJjAkBgNVBAsMHUFwcGxlIENlcnRpZmljYXRpb24gQXV0aG9yaXR5MRMwEQYDVQQKDApBcHBsZSBJbmMuMQswCQYDVQQGEwJVUzB2MBAGByqGSM49AgEGBSuBBAAiA2IABJjpLz1AcqTtkyJygRMc3RCV8cWjTnHcFBbZDuWmBSp3ZHtfTjjTuxxEtX/1H7YyYl3J6YRbTzBPEVoA/VhYDKX1DyxNB0cTddqXl5dvMVztK517IDvYuVTZXpmkOlEKMaNCMEAwHQYDVR0OBBYEFLuw3qFYM4iapIqZ3r6966/ayySrMA8GA1UdEwEB/wQFMAMBAf8wDgYDVR0PAQH/BAQDAgEGMAoGCCqGSM49BAMDA2gAMGUCMQCD6cHEFl4aXTQY2e3v9GwOAEZLuN+yRhHFD/3meoyhpmvOwgPUnPWTxnS4at+qIxUCMG1mihDK1A3UT82NQz60imOlM27jbdoXt2QfyFMm+YhidDkLF1vLUagM6BgD56KyKA=='

/** The roots trusted when `rootCertificates` is not given. */
export const DEFAULT_ROOT_CERTIFICATES: readonly string[] = [APPLE_ROOT_CA_G3]
