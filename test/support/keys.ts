import { generateKeyPairSync } from 'node:crypto';

/** Base64 DER (SPKI) of a fresh RSA public key, as `dkim.publicKey` takes it. */
export function publicKeyBase64(bits = 2048): string {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
}
