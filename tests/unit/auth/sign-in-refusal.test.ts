// The refusal of a rate-limited sign-in carries the minutes to wait, and the form states them.
import { describe, expect, it } from 'vitest';
import { minutesToWait, rateLimitedCode, rateLimitedMessage } from '@/lib/auth/sign-in-refusal';

describe('sign-in refusal', () => {
  it('rounds the time left up to whole minutes, at least 1', () => {
    expect([0, 1, 59_999, 60_000, 60_001, 659_000, 900_000].map(minutesToWait)).toEqual([
      1, 1, 1, 1, 2, 11, 15,
    ]);
  });

  it('carries the minutes in the error code', () => {
    expect(rateLimitedCode(900_000)).toBe('rate_limited:15');
    expect(rateLimitedCode(30_000)).toBe('rate_limited:1');
  });

  it('states the minutes to wait', () => {
    expect(rateLimitedMessage('rate_limited:15')).toBe(
      'Too many sign-in attempts. Try again in 15 minutes.',
    );
    expect(rateLimitedMessage('rate_limited:1')).toBe(
      'Too many sign-in attempts. Try again in 1 minute.',
    );
    expect(rateLimitedMessage('rate_limited')).toBe('Too many sign-in attempts. Try again later.');
  });

  it('leaves every other code alone', () => {
    for (const code of [
      'CredentialsSignin',
      'rate_limited:',
      'rate_limited:x',
      'rate_limited:1:2',
    ]) {
      expect(rateLimitedMessage(code)).toBeUndefined();
    }
  });
});
