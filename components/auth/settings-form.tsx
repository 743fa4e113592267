'use client';
// The settings form for admins and owners.
import { useState, type FormEvent } from 'react';
import { saveSettings } from '@/app/(dashboard)/settings/actions';
import type { AccountSettings } from '@/lib/auth/settings';
import styles from './auth.module.css';

export function SettingsForm({ settings }: { settings: AccountSettings }) {
  const [status, setStatus] = useState<{ error?: string; fields?: Record<string, string> }>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    const result = await saveSettings(new FormData(event.currentTarget));
    setBusy(false);
    setStatus(result.ok ? {} : { error: result.error.message, fields: result.error.fields });
  }

  const hint = (name: string) =>
    status?.fields?.[name] ? <span className={styles.error}>{status.fields[name]}</span> : null;

  return (
    <form className={styles.form} onSubmit={submit} aria-label="Account settings">
      <label>
        Account name
        <input name="name" defaultValue={settings.name} required />
        {hint('name')}
      </label>
      <label style={{ display: 'flex', gap: '0.5rem', alignItems: 'center' }}>
        <input
          type="checkbox"
          name="suppressAutomated"
          defaultChecked={settings.suppressAutomated}
        />
        Suppress automated events (they stay in the event log but leave every statistic)
      </label>
      <label>
        Time zone (IANA, e.g. Europe/Berlin)
        <input name="timeZone" defaultValue={settings.timeZone} required />
        {hint('timeZone')}
      </label>
      <label>
        Keep client addresses for (days)
        <input
          name="addressRetentionDays"
          type="number"
          min={1}
          max={3650}
          defaultValue={settings.addressRetentionDays}
          required
        />
        {hint('addressRetentionDays')}
      </label>
      {status?.error ? (
        <p className={styles.error} role="alert">
          {status.error}
        </p>
      ) : null}
      {status && !status.error ? <p role="status">Saved.</p> : null}
      <button className={styles.button} type="submit" disabled={busy}>
        Save settings
      </button>
    </form>
  );
}
