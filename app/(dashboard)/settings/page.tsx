// Account settings: everyone in the account reads them; admins and owners change them.
import { SettingsForm } from '@/components/auth/settings-form';
import styles from '@/components/auth/auth.module.css';
import { hasRole, requirePageContext } from '@/lib/auth/context';
import { readAccountSettings } from '@/lib/auth/settings';

export const dynamic = 'force-dynamic';

export default async function SettingsPage() {
  const ctx = await requirePageContext('viewer');
  const settings = await readAccountSettings(ctx.accountId);
  const canEdit = hasRole(ctx, 'admin');

  return (
    <main className={styles.page}>
      <h1>Settings</h1>
      {canEdit ? (
        <SettingsForm settings={settings} />
      ) : (
        <dl>
          <dt>Account name</dt>
          <dd>{settings.name}</dd>
          <dt>Suppress automated events</dt>
          <dd data-testid="suppress-automated">{settings.suppressAutomated ? 'On' : 'Off'}</dd>
          <dt>Time zone</dt>
          <dd>{settings.timeZone}</dd>
          <dt>Keep client addresses for</dt>
          <dd>{settings.addressRetentionDays} days</dd>
        </dl>
      )}
      {canEdit ? null : <p className={styles.muted}>Only admins and owners change these.</p>}
    </main>
  );
}
