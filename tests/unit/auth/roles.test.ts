// The role order: owner > admin > marketer > viewer.
import { describe, expect, it } from 'vitest';
import { isRoleAtLeast, ROLES } from '@/lib/auth/roles';

describe('isRoleAtLeast', () => {
  it('matches the order exactly, for every pair', () => {
    const table = ROLES.map((role) => ROLES.map((min) => (isRoleAtLeast(role, min) ? 1 : 0)));
    // rows: owner, admin, marketer, viewer; columns: the minimum role, same order
    expect(table).toEqual([
      [1, 1, 1, 1],
      [0, 1, 1, 1],
      [0, 0, 1, 1],
      [0, 0, 0, 1],
    ]);
  });
});
