// Encryption for secrets the product must be able to read back (an account's SMTP password):
// AES-256-GCM under a key derived from the server's auth secret, which lives in the environment
// or the data folder (mode 0600), never in the database. A database dump alone reveals nothing.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { getSecrets } from '../secrets';

const VERSION = 'v1';

function key(): Buffer {
  return createHmac('sha256', getSecrets().authSecret).update('verity:smtp-password').digest();
}

export function sealSecret(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(), iv);
  const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), sealed].map((b) => b.toString('base64url'));
  return [VERSION, ...parts].join('.');
}

/** The plain text, or null when the value was sealed under another key or is damaged. */
export function openSecret(sealed: string): string | null {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || body === undefined) return null;

  try {
    const decipher = createDecipheriv('aes-256-gcm', key(), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const plain = Buffer.concat([
      decipher.update(Buffer.from(body, 'base64url')),
      decipher.final(),
    ]);
    return plain.toString('utf8');
  } catch {
    return null;
  }
}
