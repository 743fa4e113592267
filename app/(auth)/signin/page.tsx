// Sign-in page. Someone already signed in goes straight to the dashboard.
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/auth/sign-in-form';
import styles from '@/components/auth/auth.module.css';
import { readSessionUserId } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

export default async function SignInPage(props: {
  searchParams: Promise<{ callbackUrl?: string; error?: string }>;
}) {
  const { callbackUrl, error } = await props.searchParams;
  if (!error && (await readSessionUserId())) redirect('/campaigns');

  return (
    <main className={styles.card}>
      <h1>Sign in to Verity</h1>
      <SignInForm callbackUrl={callbackUrl} initialError={error} />
      <p className={styles.muted}>
        No account yet? <Link href="/signup">Create one</Link>
      </p>
    </main>
  );
}
