'use client';
// The account's SMTP relay (admins). The password field is write-only: leave it empty to keep
// the stored one.
import { useState, type FormEvent } from 'react';
import { saveSmtp } from './actions';
import type { SmtpSettingsView } from '@/lib/sending/smtp-settings';
import styles from '@/components/auth/auth.module.css';

export function SmtpForm({ current }: { current: SmtpSettingsView | null }) {
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    const result = await saveSmtp(new FormData(event.currentTarget));
    setBusy(false);
    setMessage(result.ok ? 'Saved.' : result.error.message);
  }

  return (
    <form className={styles.form} onSubmit={submit} aria-label="SMTP relay settings">
      <label>
        Host
        <input name="host" defaultValue={current?.host ?? ''} required />
      </label>
      <label>
        Port
        <input name="port" type="number" min={1} max={65535} defaultValue={current?.port ?? 587} />
      </label>
      <label style={{ display: 'flex', gap: '0.5rem', alignItems: 'center' }}>
        <input type="checkbox" name="secure" defaultChecked={current?.secure ?? false} />
        Implicit TLS (port 465)
      </label>
      <label>
        Username
        <input name="username" defaultValue={current?.username ?? ''} autoComplete="off" />
      </label>
      <label>
        Password {current?.hasPassword ? '(stored; leave empty to keep it)' : ''}
        <input name="password" type="password" autoComplete="new-password" />
      </label>
      <label>
        From address
        <input name="fromAddress" defaultValue={current?.fromAddress ?? ''} required />
      </label>
      <button type="submit" disabled={busy}>
        Save relay
      </button>
      {message ? <p role="status">{message}</p> : null}
    </form>
  );
}
