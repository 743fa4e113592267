'use client';
// Starts a send: a CSV list (an "email" column, other columns are merge fields), a subject and
// the HTML and/or text body. Every bad CSV row is listed with its line number.
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { startSend } from './actions';
import styles from '@/components/auth/auth.module.css';

export function SendForm({ campaignId }: { campaignId: string }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [rows, setRows] = useState<{ line: number; message: string }[]>([]);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    const result = await startSend(campaignId, new FormData(event.currentTarget));
    setBusy(false);
    setError(result.ok ? undefined : result.error.message);
    setRows(result.ok ? [] : (result.rows ?? []));
    if (result.ok) router.refresh();
  }

  return (
    <form className={styles.form} onSubmit={submit} aria-label="New send">
      <h2>New send</h2>
      <label>
        Recipient list (CSV with an email column)
        <input name="list" type="file" accept=".csv,text/csv" required />
      </label>
      <label>
        Subject
        <input name="subject" required />
      </label>
      <label>
        HTML body (merge fields like {'{{first_name}}'}; {'{{unsubscribe_url}}'} is provided)
        <textarea name="html" rows={10} />
      </label>
      <label>
        Text body
        <textarea name="text" rows={5} />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? 'Starting…' : 'Send'}
      </button>
      {error ? (
        <p className={styles.error} role="alert">
          {error}
        </p>
      ) : null}
      {rows.length > 0 ? (
        <ul aria-label="Rows with problems">
          {rows.map((row) => (
            <li key={row.line}>
              Line {row.line}: {row.message}
            </li>
          ))}
        </ul>
      ) : null}
    </form>
  );
}
