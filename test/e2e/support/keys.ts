/**
 * Key material for the simulated world: RSA keys as SES and BYODKIM users hold them, and
 * the Easy DKIM tokens SES would hand out.
 */
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';

/** An RSA key pair in the two forms DKIM needs. */
export interface DkimKey {
  /** PKCS#8 PEM, for signing. */
  readonly privateKeyPem: string;
  /** Base64 of the DER SubjectPublicKeyInfo: the `p=` tag (RFC 6376 section 3.6.1) and ses-dns's `publicKey`. */
  readonly publicKeyBase64: string;
}

/** A fresh 2048-bit RSA key, the length SES uses and RFC 8301 recommends. */
export function generateDkimKey(): DkimKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyBase64: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
  };
}

/** Derives the public half of a PEM private key, as `generateDkimKey` writes it. */
export function publicKeyOf(privateKeyPem: string): string {
  return createPublicKey(privateKeyPem).export({ type: 'spki', format: 'der' }).toString('base64');
}

/**
 * A stable stand-in for one Easy DKIM token: 32 lower-case base-32 characters, like SES's.
 * `scope` keeps identities of different worlds and stacks apart, as SES accounts are.
 */
export function easyDkimToken(scope: string, domain: string, index: number): string {
  const digest = createHash('sha256').update(`${scope}\0${domain}\0${index}`).digest();
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let token = '';
  for (let i = 0; i < 32; i++) token += alphabet[digest[i] % 32];
  return token;
}
