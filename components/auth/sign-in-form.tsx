'use client';
// Email and password sign-in through next-auth (which adds its own CSRF token to the POST).
import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { selectSafeCallback } from '@/lib/auth/safe-callback';
import { rateLimitedMessage } from '@/lib/auth/sign-in-refusal';
import styles from './auth.module.css';

const MESSAGES: Record<string, string> = {
  CredentialsSignin: 'Wrong email or password.',
  no_account: 'This sign-in belongs to no account any more.',
};

/** The sentence for an error code; a refusal's code carries the minutes to wait. */
function messageFor(code: string): string | undefined {
  return rateLimitedMessage(code) ?? (Object.hasOwn(MESSAGES, code) ? MESSAGES[code] : undefined);
}

export function SignInForm(props: { callbackUrl?: string; initialError?: string }) {
  const router = useRouter();
  const [error, setError] = useState(
    props.initialError ? messageFor(props.initialError) : undefined,
  );
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    const form = new FormData(event.currentTarget);
    const result = await signIn('credentials', {
      email: String(form.get('email')),
      password: String(form.get('password')),
      redirect: false,
    });
    setBusy(false);
    if (!result || result.error) {
      setError(messageFor(result?.error ?? '') ?? 'Sign-in failed. Try again.');
      return;
    }
    router.push(selectSafeCallback(props.callbackUrl));
    router.refresh();
  }

  return (
    <form className={styles.form} onSubmit={submit} aria-label="Sign in">
      <label>
        Email
        <input name="email" type="email" autoComplete="username" required />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {error ? (
        <p className={styles.error} role="alert">
          {error}
        </p>
      ) : null}
      <button className={styles.button} type="submit" disabled={busy}>
        Sign in
      </button>
    </form>
  );
}
