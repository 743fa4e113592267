// One recipient's timeline: delivery, then every open and click with its verdict and reasons.
import { notFound } from 'next/navigation';
import Link from 'next/link';
import { z } from 'zod';
import { EventTable } from '@/components/reporting/event-table';
import styles from '@/components/reporting/reporting.module.css';
import { requirePageContext } from '@/lib/auth/context';
import { formatLocalTime } from '@/lib/reporting/csv';
import { getReportingStore } from '@/lib/reporting/store';

export const dynamic = 'force-dynamic';

const Params = z.object({ id: z.uuid(), messageId: z.uuid() });
const TIMELINE_LIMIT = 1_000;

export default async function MessageTimelinePage(props: {
  params: Promise<{ id: string; messageId: string }>;
}) {
  const ctx = await requirePageContext();
  const parsed = Params.safeParse(await props.params);
  if (!parsed.success) notFound();
  const { id, messageId } = parsed.data;

  const store = await getReportingStore();
  const message = await store.message(ctx.accountId, id, messageId);
  if (!message) notFound();
  const events = await store.events(ctx.accountId, {
    messageId,
    order: 'asc',
    limit: TIMELINE_LIMIT,
  });
  const at = (d: Date | null) => (d ? formatLocalTime(new Date(d), ctx.timeZone) : 'unknown');

  return (
    <main className={styles.page}>
      <p>
        <Link href={`/campaigns/${id}`}>Back to the campaign</Link>
      </p>
      <h1>Recipient {message.recipientRef}</h1>
      <p className={styles.muted}>
        Sent {at(message.sentAt)} ·{' '}
        {message.bouncedAt
          ? `bounced ${at(message.bouncedAt)}`
          : `delivered ${at(message.deliveredAt)}`}{' '}
        · times in {ctx.timeZone}
      </p>
      <EventTable events={events} timeZone={ctx.timeZone} />
      {events.length === TIMELINE_LIMIT ? (
        <p className={styles.muted}>
          Showing the first {TIMELINE_LIMIT} events; the CSV export has them all.
        </p>
      ) : null}
    </main>
  );
}
