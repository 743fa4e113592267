// The audit log of the current account, newest first (admins and owners only).
import Link from 'next/link';
import styles from '@/components/auth/auth.module.css';
import { listAuditEntries, parseAuditCursor } from '@/lib/auth/audit';
import { requirePageContext } from '@/lib/auth/context';

export const dynamic = 'force-dynamic';

const PAGE_SIZE = 100;

function describe(value: unknown): string {
  return value === null || value === undefined ? '—' : JSON.stringify(value);
}

export default async function AuditPage(props: { searchParams: Promise<{ before?: string }> }) {
  const ctx = await requirePageContext('admin');
  const { before } = await props.searchParams;
  // A cursor that is no valid entry id (e.g. beyond bigint) is treated as absent.
  const beforeId = parseAuditCursor(before);
  const entries = await listAuditEntries(ctx.accountId, { limit: PAGE_SIZE, beforeId });
  const last = entries.at(-1);

  return (
    <main className={styles.page}>
      <h1>Audit log</h1>
      <table className={styles.table}>
        <thead>
          <tr>
            <th>When (UTC)</th>
            <th>Who</th>
            <th>What</th>
            <th>Target</th>
            <th>Before</th>
            <th>After</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} data-testid="audit-entry" data-entry-id={e.id}>
              <td>{e.createdAt.toISOString().replace('T', ' ').slice(0, 19)}</td>
              <td>{e.actorEmail ?? (e.actorUserId ? 'former member' : 'system')}</td>
              <td>{e.action}</td>
              <td>{e.target}</td>
              <td>
                <code>{describe(e.before)}</code>
              </td>
              <td>
                <code>{describe(e.after)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {entries.length === PAGE_SIZE && last ? (
        <Link href={`/audit?before=${last.id}`}>Older</Link>
      ) : null}
    </main>
  );
}
