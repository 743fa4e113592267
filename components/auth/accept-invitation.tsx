'use client';
// Accepting an invitation: one button when signed in as the invitee, else a password to set.
import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { acceptAsNewUser, acceptAsSignedIn } from '@/app/(auth)/invitations/[token]/actions';
import styles from './auth.module.css';

export function AcceptInvitation(props: { token: string; email: string; signedIn: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string>();

  async function join() {
    const result = await acceptAsSignedIn(props.token);
    if (!result.ok) return setError(result.error.message);
    router.push('/campaigns');
    router.refresh();
  }

  async function register(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await acceptAsNewUser(props.token, form);
    if (!result.ok) return setError(result.error.fields?.password ?? result.error.message);
    await signIn('credentials', {
      email: props.email,
      password: String(form.get('password')),
      redirect: false,
    });
    router.push('/campaigns');
    router.refresh();
  }

  if (props.signedIn) {
    return (
      <div className={styles.form}>
        {error ? (
          <p className={styles.error} role="alert">
            {error}
          </p>
        ) : null}
        <button className={styles.button} type="button" onClick={() => void join()}>
          Join
        </button>
      </div>
    );
  }
  return (
    <form className={styles.form} onSubmit={register} aria-label="Accept invitation">
      <label>
        Your name
        <input name="name" maxLength={100} autoComplete="name" />
      </label>
      <label>
        Choose a password (at least 10 characters)
        <input
          name="password"
          type="password"
          required
          minLength={10}
          autoComplete="new-password"
        />
      </label>
      {error ? (
        <p className={styles.error} role="alert">
          {error}
        </p>
      ) : null}
      <button className={styles.button} type="submit">
        Join
      </button>
    </form>
  );
}
