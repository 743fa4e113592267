// The signed-in shell: navigation, account switcher and sign-out. It does not authorise the
// pages inside it (Next.js renders a page without re-running its layout): every page and action
// calls requirePageContext / requireActionContext itself.
import Link from 'next/link';
import type { ReactNode } from 'react';
import { AccountSwitcher } from '@/components/auth/account-switcher';
import { SignOutButton } from '@/components/auth/sign-out-button';
import shell from '@/components/auth/shell.module.css';
import { hasRole, listMemberships, requirePageContext } from '@/lib/auth/context';

export const dynamic = 'force-dynamic';

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const ctx = await requirePageContext();
  const memberships = await listMemberships(ctx.userId);
  const isAdmin = hasRole(ctx, 'admin');

  return (
    <div className={shell.shell}>
      <header className={shell.header}>
        <strong className={shell.brand}>Verity</strong>
        <nav className={shell.nav} aria-label="Main">
          <Link href="/overview">Overview</Link>
          <Link href="/campaigns">Campaigns</Link>
          <Link href="/events">Events</Link>
          <Link href="/settings">Settings</Link>
          <Link href="/members">Members</Link>
          {isAdmin ? <Link href="/api-keys">API keys</Link> : null}
          {isAdmin ? <Link href="/audit">Audit log</Link> : null}
        </nav>
        <div className={shell.account}>
          <AccountSwitcher current={ctx.accountId} accounts={memberships} />
          <span className={shell.role}>{ctx.role}</span>
          <SignOutButton />
        </div>
      </header>
      {children}
    </div>
  );
}
