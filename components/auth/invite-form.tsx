'use client';
// Inviting a member: the link is shown once, right here; only its hash is stored.
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { inviteMember } from '@/app/(dashboard)/members/actions';
import styles from './auth.module.css';

export function InviteForm({ canInviteOwner }: { canInviteOwner: boolean }) {
  const router = useRouter();
  const [link, setLink] = useState<string>();
  const [error, setError] = useState<string>();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const result = await inviteMember(new FormData(form));
    if (!result.ok) {
      setError(result.error.fields?.email ?? result.error.message);
      return;
    }
    setError(undefined);
    setLink(`${window.location.origin}/invitations/${result.data.token}`);
    form.reset();
    router.refresh();
  }

  return (
    <form className={styles.form} onSubmit={submit} aria-label="Invite member">
      <label>
        Email
        <input name="email" type="email" required />
      </label>
      <label>
        Role
        <select name="role" defaultValue="viewer">
          {canInviteOwner ? <option value="owner">owner</option> : null}
          <option value="admin">admin</option>
          <option value="marketer">marketer</option>
          <option value="viewer">viewer</option>
        </select>
      </label>
      {error ? (
        <p className={styles.error} role="alert">
          {error}
        </p>
      ) : null}
      {link ? (
        <p className={styles.notice}>
          Send this link to the invitee. It is shown only once and works for 7 days:{' '}
          <span className={styles.secret} data-testid="invitation-link">
            {link}
          </span>
        </p>
      ) : null}
      <button className={styles.button} type="submit">
        Invite
      </button>
    </form>
  );
}
