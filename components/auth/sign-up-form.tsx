'use client';
// Sign-up: creates the account and its owner on the server, then signs in through next-auth.
import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { signUp } from '@/app/(auth)/signup/actions';
import styles from './auth.module.css';

export function SignUpForm() {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    const form = new FormData(event.currentTarget);
    const result = await signUp(form);
    if (!result.ok) {
      setBusy(false);
      setError(result.error.message);
      setFields(result.error.fields ?? {});
      return;
    }
    await signIn('credentials', {
      email: String(form.get('email')),
      password: String(form.get('password')),
      redirect: false,
    });
    router.push('/campaigns');
    router.refresh();
  }

  const hint = (name: string) =>
    fields[name] ? <span className={styles.error}>{fields[name]}</span> : null;

  return (
    <form className={styles.form} onSubmit={submit} aria-label="Sign up">
      <label>
        Account name
        <input name="accountName" required maxLength={100} />
        {hint('accountName')}
      </label>
      <label>
        Your name
        <input name="name" maxLength={100} autoComplete="name" />
        {hint('name')}
      </label>
      <label>
        Email
        <input name="email" type="email" required autoComplete="username" />
        {hint('email')}
      </label>
      <label>
        Password (at least 10 characters)
        <input
          name="password"
          type="password"
          required
          minLength={10}
          autoComplete="new-password"
        />
        {hint('password')}
      </label>
      {error ? (
        <p className={styles.error} role="alert">
          {error}
        </p>
      ) : null}
      <button className={styles.button} type="submit" disabled={busy}>
        Create account
      </button>
    </form>
  );
}
