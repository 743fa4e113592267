// API keys of the current account (admins and owners only; others get a 404).
import { ApiKeysPanel } from '@/components/auth/api-keys-panel';
import styles from '@/components/auth/auth.module.css';
import { listApiKeys } from '@/lib/auth/accounts';
import { requirePageContext } from '@/lib/auth/context';

export const dynamic = 'force-dynamic';

export default async function ApiKeysPage() {
  const ctx = await requirePageContext('admin');
  const keys = await listApiKeys(ctx.accountId);

  return (
    <main className={styles.page}>
      <h1>API keys</h1>
      <p className={styles.muted}>
        Send a key as <code>Authorization: Bearer &lt;key&gt;</code> to <code>/api/v1</code>.
      </p>
      <ApiKeysPanel
        keys={keys.map((k) => ({
          id: k.id,
          name: k.name,
          prefix: k.prefix,
          createdAt: k.createdAt.toISOString(),
          lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
          revokedAt: k.revokedAt?.toISOString() ?? null,
        }))}
      />
    </main>
  );
}
