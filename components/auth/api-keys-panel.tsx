'use client';
// Creating (the key is shown once) and revoking API keys.
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { createApiKeyAction, revokeApiKeyAction } from '@/app/(dashboard)/api-keys/actions';
import styles from './auth.module.css';

/** Times arrive formatted in the account's time zone by the page. */
export interface KeyRow {
  id: string;
  name: string;
  prefix: string;
  created: string;
  lastUsed: string | null;
  revoked: string | null;
}

export function ApiKeysPanel({ keys }: { keys: KeyRow[] }) {
  const router = useRouter();
  const [newKey, setNewKey] = useState<string>();
  const [error, setError] = useState<string>();

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const result = await createApiKeyAction(new FormData(form));
    if (!result.ok) return setError(result.error.fields?.input ?? result.error.message);
    setError(undefined);
    setNewKey(result.data.key);
    form.reset();
    router.refresh();
  }

  async function revoke(id: string) {
    const result = await revokeApiKeyAction(id);
    if (!result.ok) return setError(result.error.message);
    router.refresh();
  }

  return (
    <>
      <form className={styles.form} onSubmit={create} aria-label="Create API key">
        <label>
          Name
          <input name="name" required maxLength={100} />
        </label>
        <button className={styles.button} type="submit">
          Create key
        </button>
      </form>
      {error ? (
        <p className={styles.error} role="alert">
          {error}
        </p>
      ) : null}
      {newKey ? (
        <p className={styles.notice}>
          Copy this key now; it will not be shown again:{' '}
          <span className={styles.secret} data-testid="new-api-key">
            {newKey}
          </span>
        </p>
      ) : null}
      <div className={styles.tableWrap}>
        <table className={styles.table}>
          <thead>
            <tr>
              <th>Name</th>
              <th>Key</th>
              <th>Created</th>
              <th>Last used</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id} data-testid={`api-key-${k.name}`}>
                <td>{k.name}</td>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td>{k.created}</td>
                <td>{k.lastUsed ?? 'never'}</td>
                <td>{k.revoked ? `revoked ${k.revoked}` : 'active'}</td>
                <td>
                  {k.revoked ? null : (
                    <button
                      type="button"
                      className={styles.danger}
                      onClick={() => void revoke(k.id)}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
