// Members of the current account. Everyone reads the list; admins and owners manage it.
import { InviteForm } from '@/components/auth/invite-form';
import { MemberRow, PendingInvitationRow } from '@/components/auth/member-rows';
import styles from '@/components/auth/auth.module.css';
import { hasRole, requirePageContext } from '@/lib/auth/context';
import { listPendingInvitations } from '@/lib/auth/invitations';
import { listMembers } from '@/lib/auth/members';

export const dynamic = 'force-dynamic';

export default async function MembersPage() {
  const ctx = await requirePageContext('viewer');
  const members = await listMembers(ctx.accountId);
  const canManage = hasRole(ctx, 'admin');
  const invitations = canManage ? await listPendingInvitations(ctx.accountId) : [];

  return (
    <main className={styles.page}>
      <h1>Members</h1>
      <table className={styles.table}>
        <thead>
          <tr>
            <th>Name</th>
            <th>Email</th>
            <th>Role</th>
            {canManage ? <th /> : null}
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <MemberRow
              key={m.userId}
              member={{ userId: m.userId, email: m.email, name: m.name, role: m.role }}
              canManage={canManage}
              canManageOwners={ctx.role === 'owner'}
              isSelf={m.userId === ctx.userId}
            />
          ))}
        </tbody>
      </table>
      {canManage ? (
        <section>
          <h2>Invite someone</h2>
          <InviteForm canInviteOwner={ctx.role === 'owner'} />
          {invitations.length ? <h3>Pending invitations</h3> : null}
          <table className={styles.table}>
            <tbody>
              {invitations.map((i) => (
                <PendingInvitationRow
                  key={i.id}
                  invitation={{
                    id: i.id,
                    email: i.email,
                    role: i.role,
                    expiresAt: i.expiresAt.toISOString(),
                  }}
                />
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </main>
  );
}
