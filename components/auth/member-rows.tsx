'use client';
// One member (role select and remove for managers) and one pending invitation.
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import {
  changeRole,
  removeMemberAction,
  revokeInvitationAction,
} from '@/app/(dashboard)/members/actions';
import type { ActionResult } from '@/lib/auth/action-result';
import styles from './auth.module.css';

const ROLES = ['owner', 'admin', 'marketer', 'viewer'] as const;

function useServerChange() {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const run = (action: () => Promise<ActionResult>) =>
    startTransition(async () => {
      const result = await action();
      setError(result.ok ? undefined : result.error.message);
      if (result.ok) router.refresh();
    });
  return { error, pending, run };
}

export function MemberRow(props: {
  member: { userId: string; email: string; name: string; role: string };
  canManage: boolean;
  canManageOwners: boolean;
  isSelf: boolean;
}) {
  const { member } = props;
  const { error, pending, run } = useServerChange();
  const editable = props.canManage && (member.role !== 'owner' || props.canManageOwners);
  const roles = ROLES.filter((r) => r !== 'owner' || props.canManageOwners);

  return (
    <tr data-testid={`member-${member.email}`}>
      <td>
        {member.name || '—'}
        {props.isSelf ? ' (you)' : ''}
      </td>
      <td>{member.email}</td>
      <td>
        {editable ? (
          <select
            aria-label={`Role of ${member.email}`}
            defaultValue={member.role}
            disabled={pending}
            onChange={(e) => run(() => changeRole(member.userId, e.target.value))}
          >
            {roles.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        ) : (
          member.role
        )}
        {error ? (
          <p className={styles.error} role="alert">
            {error}
          </p>
        ) : null}
      </td>
      {props.canManage ? (
        <td>
          {editable ? (
            <button
              type="button"
              className={styles.danger}
              disabled={pending}
              onClick={() => run(() => removeMemberAction(member.userId))}
            >
              Remove
            </button>
          ) : null}
        </td>
      ) : null}
    </tr>
  );
}

export function PendingInvitationRow(props: {
  invitation: { id: string; email: string; role: string; expiresAt: string };
}) {
  const { invitation } = props;
  const { error, pending, run } = useServerChange();
  return (
    <tr>
      <td>{invitation.email}</td>
      <td>{invitation.role}</td>
      <td>expires {invitation.expiresAt.slice(0, 10)}</td>
      <td>
        <button
          type="button"
          className={styles.secondary}
          disabled={pending}
          onClick={() => run(() => revokeInvitationAction(invitation.id))}
        >
          Revoke
        </button>
        {error ? (
          <p className={styles.error} role="alert">
            {error}
          </p>
        ) : null}
      </td>
    </tr>
  );
}
