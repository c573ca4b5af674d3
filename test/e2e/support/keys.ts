/**
 * Key material for the simulated world: RSA keys as SES and BYODKIM users hold them, and
 * the Easy DKIM tokens SES would hand out.
 */
import { createHash, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

const generateKeyPairAsync = promisify(generateKeyPair);

/** An RSA key pair in the two forms DKIM needs. */
export interface DkimKey {
  /** PKCS#8 PEM, for signing. */
  readonly privateKeyPem: string;
  /** Base64 of the DER SubjectPublicKeyInfo: the `p=` tag (RFC 6376 section 3.6.1) and ses-dns's `publicKey`. */
  readonly publicKeyBase64: string;
}

function toDkimKey(privateKey: KeyObject, publicKey: KeyObject): DkimKey {
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyBase64: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
  };
}

/**
 * A fresh RSA key (2048 bits is what SES uses and RFC 8301 recommends), made off the main
 * thread: `generateKeyPair` is the thread-pool twin of `generateKeyPairSync`, so several
 * keys are made in parallel.
 */
export async function generateDkimKeyAsync(bits = 2048): Promise<DkimKey> {
  const { privateKey, publicKey } = await generateKeyPairAsync('rsa', { modulusLength: bits });
  return toDkimKey(privateKey, publicKey);
}

/** Derives the public half of a PEM private key, in `DkimKey.publicKeyBase64` form. */
export function publicKeyOf(privateKeyPem: string): string {
  return createPublicKey(privateKeyPem).export({ type: 'spki', format: 'der' }).toString('base64');
}

/** The modulus length of a base64 SPKI RSA public key, or undefined when it is not one. */
export function modulusLengthOf(publicKeyBase64: string): number | undefined {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKeyBase64, 'base64'), format: 'der', type: 'spki' });
    return key.asymmetricKeyDetails?.modulusLength;
  } catch {
    return undefined;
  }
}

/**
 * Keys made once per test file and handed out by position. A 2048-bit RSA key takes
 * hundreds of milliseconds on a small machine, so keys are made off the main thread, in
 * parallel, and shared by position between worlds of the same file.
 */
export class KeyPool {
  private readonly keys = new Map<string, Promise<DkimKey>>();

  /** The `index`-th key of `bits` bits, made on first use. */
  get(bits: number, index: number): Promise<DkimKey> {
    const id = `${bits}/${index}`;
    let key = this.keys.get(id);
    if (!key) {
      key = generateDkimKeyAsync(bits);
      this.keys.set(id, key);
    }
    return key;
  }
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
