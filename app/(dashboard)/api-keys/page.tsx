// API keys of the current account (admins and owners only; others get a 404).
import { ApiKeysPanel } from '@/components/auth/api-keys-panel';
import styles from '@/components/auth/auth.module.css';
import { listApiKeys } from '@/lib/auth/accounts';
import { formatTime } from '@/lib/auth/audit-format';
import { requirePageContext } from '@/lib/auth/context';

export const dynamic = 'force-dynamic';

export default async function ApiKeysPage() {
  const ctx = await requirePageContext('admin');
  const keys = await listApiKeys(ctx.accountId);

  return (
    <main className={styles.page}>
      <h1>API keys</h1>
      <p className={styles.muted}>
        Send a key as <code>Authorization: Bearer &lt;key&gt;</code> to <code>/api/v1</code>. Times
        in {ctx.timeZone}.
      </p>
      <ApiKeysPanel
        keys={keys.map((k) => ({
          id: k.id,
          name: k.name,
          prefix: k.prefix,
          created: formatTime(k.createdAt, ctx.timeZone),
          lastUsed: k.lastUsedAt ? formatTime(k.lastUsedAt, ctx.timeZone) : null,
          revoked: k.revokedAt ? formatTime(k.revokedAt, ctx.timeZone) : null,
        }))}
      />
    </main>
  );
}
