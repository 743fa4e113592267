// The audit log of the current account, newest first (admins and owners only).
import Link from 'next/link';
import { AuditChangeLines } from '@/components/auth/audit-change-lines';
import styles from '@/components/auth/auth.module.css';
import { labelUsers, listAuditEntries, parseAuditCursor } from '@/lib/auth/audit';
import {
  collectUserIds,
  describeChanges,
  describeTarget,
  formatTime,
  type FormatContext,
} from '@/lib/auth/audit-format';
import { requirePageContext } from '@/lib/auth/context';

export const dynamic = 'force-dynamic';

const PAGE_SIZE = 100;

export default async function AuditPage(props: { searchParams: Promise<{ before?: string }> }) {
  const ctx = await requirePageContext('admin');
  const { before } = await props.searchParams;
  // A cursor that is no valid entry id (e.g. beyond bigint) is treated as absent.
  const beforeId = parseAuditCursor(before);
  const entries = await listAuditEntries(ctx.accountId, { limit: PAGE_SIZE, beforeId });
  const last = entries.at(-1);
  const fmt: FormatContext = {
    timeZone: ctx.timeZone,
    people: await labelUsers(entries.flatMap(collectUserIds)),
  };

  return (
    <main className={styles.page}>
      <h1>Audit log</h1>
      <p className={styles.muted}>Times in {ctx.timeZone}, the account&apos;s time zone.</p>
      <div className={styles.tableWrap}>
        <table className={styles.table}>
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>What</th>
              <th>About</th>
              <th>Change</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-testid="audit-entry" data-entry-id={e.id}>
                <td className={styles.nowrap}>{formatTime(e.createdAt, ctx.timeZone)}</td>
                <td>
                  {e.actorUserId ? (fmt.people.get(e.actorUserId) ?? 'former member') : 'system'}
                </td>
                <td>{e.action}</td>
                <td>{describeTarget(e.target, e.before, e.after, fmt)}</td>
                <td>
                  <AuditChangeLines lines={describeChanges(e.before, e.after, fmt)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {entries.length === PAGE_SIZE && last ? (
        <Link href={`/audit?before=${last.id}`}>Older</Link>
      ) : null}
    </main>
  );
}
