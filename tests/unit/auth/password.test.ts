// scrypt password hashes: format, verification, and refusal of anything malformed.
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '@/lib/auth/password';

describe('password hashing', () => {
  it('writes scrypt$N$r$p$salt$hash with a fresh salt each time', async () => {
    const first = await hashPassword('s3cret passphrase');
    const second = await hashPassword('s3cret passphrase');
    expect(first).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(first).not.toBe(second);
  });

  it('accepts the password and nothing else', async () => {
    const stored = await hashPassword('s3cret passphrase');
    expect(await verifyPassword('s3cret passphrase', stored)).toBe(true);
    expect(await verifyPassword('s3cret passphrasE', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('refuses malformed stored values instead of throwing', async () => {
    const stored = await hashPassword('pw');
    const parts = stored.split('$');
    expect(await verifyPassword('pw', 'plain-text')).toBe(false);
    expect(await verifyPassword('pw', ['bcrypt', ...parts.slice(1)].join('$'))).toBe(false);
    expect(await verifyPassword('pw', [...parts.slice(0, 5), 'AAAA'].join('$'))).toBe(false);
    expect(await verifyPassword('pw', ['scrypt', '4194304', ...parts.slice(2)].join('$'))).toBe(
      false,
    );
    expect(await verifyPassword('pw', ['scrypt', 'x', ...parts.slice(2)].join('$'))).toBe(false);
  });
});
