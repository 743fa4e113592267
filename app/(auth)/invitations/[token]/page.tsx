// An invitation link. Unknown, used and expired tokens all read the same.
import Link from 'next/link';
import { AcceptInvitation } from '@/components/auth/accept-invitation';
import styles from '@/components/auth/auth.module.css';
import { describeInvitation, type InvitationView } from '@/lib/auth/invitations';
import { readSessionUserId } from '@/lib/auth/session';
import { prisma } from '@/lib/db';
import { AppError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

async function loadInvitation(token: string): Promise<InvitationView | null> {
  try {
    return await describeInvitation(token);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  }
}

export default async function InvitationPage(props: { params: Promise<{ token: string }> }) {
  const { token } = await props.params;
  const invitation = await loadInvitation(token);
  if (!invitation) {
    return (
      <main className={styles.card}>
        <h1>Invitation</h1>
        <p>This invitation is unknown, already used or expired. Ask for a new one.</p>
      </main>
    );
  }

  const userId = await readSessionUserId();
  const db = await prisma();
  const signedInEmail = userId
    ? (await db.user.findUnique({ where: { id: userId }, select: { email: true } }))?.email
    : undefined;
  const mode =
    signedInEmail === invitation.email
      ? 'signed-in'
      : signedInEmail
        ? 'wrong-user'
        : invitation.userExists
          ? 'sign-in-first'
          : 'new-user';

  return (
    <main className={styles.card}>
      <h1>Join {invitation.accountName}</h1>
      <p>
        {invitation.email} is invited as <strong>{invitation.role}</strong>.
      </p>
      {mode === 'sign-in-first' ? (
        <p>
          <Link href={`/signin?callbackUrl=${encodeURIComponent(`/invitations/${token}`)}`}>
            Sign in as {invitation.email}
          </Link>{' '}
          to accept.
        </p>
      ) : mode === 'wrong-user' ? (
        <p>You are signed in with another email. Sign out and open this link again.</p>
      ) : (
        <AcceptInvitation token={token} email={invitation.email} signedIn={mode === 'signed-in'} />
      )}
    </main>
  );
}
