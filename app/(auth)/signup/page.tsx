// Sign-up page: a new account with the person as its owner.
import Link from 'next/link';
import { SignUpForm } from '@/components/auth/sign-up-form';
import styles from '@/components/auth/auth.module.css';

export const dynamic = 'force-dynamic';

export default function SignUpPage() {
  return (
    <main className={styles.card}>
      <h1>Create a Verity account</h1>
      <SignUpForm />
      <p className={styles.muted}>
        Already have a sign-in? <Link href="/signin">Sign in</Link>
      </p>
    </main>
  );
}
