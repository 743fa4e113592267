// Send a campaign to an uploaded CSV list, and watch each send's progress.
import { notFound } from 'next/navigation';
import styles from '@/components/auth/auth.module.css';
import { hasRole, requirePageContext } from '@/lib/auth/context';
import { getCampaign } from '@/lib/campaigns/campaigns';
import { listSendJobs } from '@/lib/sending/jobs';
import { getSmtpSettings } from '@/lib/sending/smtp-settings';
import { SendForm } from './send-form';
import { SendProgressView } from './send-progress';
import { SmtpForm } from './smtp-form';

export const dynamic = 'force-dynamic';

export default async function SendPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePageContext('viewer');
  const { id } = await params;
  const campaign = await getCampaign(ctx.accountId, id).catch(() => null);
  if (!campaign) notFound();

  const [smtp, sends] = await Promise.all([
    getSmtpSettings(ctx.accountId),
    listSendJobs(ctx.accountId, campaign.id),
  ]);
  const canSend = hasRole(ctx, 'marketer');

  return (
    <main className={styles.page}>
      <h1>Send “{campaign.name}”</h1>
      <section aria-label="SMTP relay">
        <h2>SMTP relay</h2>
        {smtp ? (
          <p>
            Sending through {smtp.host}:{smtp.port} as {smtp.fromAddress}
            {smtp.hasPassword ? ' (password stored encrypted)' : ''}.
          </p>
        ) : (
          <p>No SMTP relay is configured for this account yet.</p>
        )}
        {hasRole(ctx, 'admin') ? <SmtpForm current={smtp} /> : null}
      </section>
      {canSend && smtp ? <SendForm campaignId={campaign.id} /> : null}
      <section aria-label="Sends">
        <h2>Sends</h2>
        {sends.length === 0 ? <p>Nothing sent yet.</p> : null}
        {sends.map((send) => (
          <SendProgressView key={send.jobId} initial={send} canControl={canSend} />
        ))}
      </section>
    </main>
  );
}
