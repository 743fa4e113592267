// The four roles and their order. Every permission check in the product compares against this
// order, so "at least admin" means the same thing on pages, server actions and API routes.
import { z } from 'zod';

export const ROLES = ['owner', 'admin', 'marketer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
export const RoleSchema = z.enum(ROLES);

const RANK: Record<Role, number> = { owner: 4, admin: 3, marketer: 2, viewer: 1 };

/** True when `role` may do what `minRole` may do (owner > admin > marketer > viewer). */
export function isRoleAtLeast(role: Role, minRole: Role): boolean {
  return RANK[role] >= RANK[minRole];
}
