// The audit page's wording: changes as "field: old → new" lines, people by name and email,
// times in the account's time zone.
import { describe, expect, it } from 'vitest';
import {
  collectUserIds,
  describeChanges,
  describeTarget,
  formatTime,
  labelPerson,
  type FormatContext,
} from '@/lib/auth/audit-format';

const ANN = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const fmt: FormatContext = {
  timeZone: 'Europe/Berlin',
  people: new Map([[ANN, 'Ann Lee <ann@a.example>']]),
};

describe('audit wording', () => {
  it('labels people by name and email, or the email alone', () => {
    expect(labelPerson({ name: ' Ann Lee ', email: 'ann@a.example' })).toBe(
      'Ann Lee <ann@a.example>',
    );
    expect(labelPerson({ name: '', email: 'bo@a.example' })).toBe('bo@a.example');
  });

  it('formats times in the given zone', () => {
    const at = new Date('2026-12-04T17:05:00Z');
    expect(formatTime(at, 'Europe/Berlin')).toBe('4 Dec 2026, 18:05 CET');
    expect(formatTime(at, 'UTC')).toBe('4 Dec 2026, 17:05 UTC');
    expect(formatTime('2026-07-01T12:00:00.000Z', 'America/Regina')).toBe(
      '1 Jul 2026, 06:00 GMT-6',
    );
  });

  it('describes a settings change field by field', () => {
    const lines = describeChanges(
      { suppressAutomated: false, timeZone: 'UTC' },
      { suppressAutomated: true, timeZone: 'Europe/Berlin' },
      fmt,
    );
    expect(lines).toEqual([
      'suppress automated events: off → on',
      'time zone: UTC → Europe/Berlin',
    ]);
  });

  it('describes creation, removal and revocation', () => {
    expect(describeChanges(null, { name: 'Clinic', owner: ANN }, fmt)).toEqual([
      'name: Clinic',
      'owner: Ann Lee <ann@a.example>',
    ]);
    expect(describeChanges({ role: 'viewer' }, null, fmt)).toEqual(['role: viewer → —']);
    expect(
      describeChanges(
        { name: 'ci', revokedAt: null },
        { name: 'ci', revokedAt: '2026-12-04T17:05:00.000Z' },
        fmt,
      ),
    ).toEqual(['name: ci', 'revoked: — → 4 Dec 2026, 18:05 CET']);
    expect(describeChanges({ role: 'admin' }, { role: 'admin', invitation: ANN }, fmt)).toEqual([
      'role: admin',
    ]);
  });

  it('names targets instead of showing ids', () => {
    expect(describeTarget(`user:${ANN}`, null, null, fmt)).toBe('Ann Lee <ann@a.example>');
    expect(describeTarget('user:0190a1b2-0000-7000-8000-000000000000', null, null, fmt)).toBe(
      'someone no longer here',
    );
    expect(describeTarget('api_key:x', null, { name: 'ci' }, fmt)).toBe('API key "ci"');
    expect(describeTarget('invitation:x', { email: 'c@a.example' }, null, fmt)).toBe(
      'invitation for c@a.example',
    );
    expect(describeTarget('account', null, null, fmt)).toBe('account');
  });

  it('collects the user ids an entry mentions', () => {
    const other = '0190a1b2-c3d4-7e5f-8a9b-000000000001';
    const entry = {
      actorUserId: ANN,
      target: `user:${other}`,
      before: null,
      after: { owner: ANN },
    };
    expect(collectUserIds(entry)).toEqual([ANN, other, ANN]);
  });
});
