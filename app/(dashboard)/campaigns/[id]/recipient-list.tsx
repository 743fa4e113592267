// The most recent events of a campaign, each linking to its recipient's timeline.
import Link from 'next/link';
import { EventTable } from '@/components/reporting/event-table';
import { getReportingStore } from '@/lib/reporting/store';

export async function RecipientList(props: {
  accountId: string;
  campaignId: string;
  timeZone: string;
}) {
  const store = await getReportingStore();
  const events = await store.events(props.accountId, {
    campaignId: props.campaignId,
    order: 'desc',
    limit: 25,
  });
  return (
    <>
      <EventTable events={events} timeZone={props.timeZone} showRecipient />
      <p>
        <Link href={`/events?campaign=${props.campaignId}`}>All events of this campaign</Link>
      </p>
    </>
  );
}
