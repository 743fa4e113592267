'use client';
// Picks the current account among the user's memberships; the server checks the choice.
import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { switchAccount } from './account-actions';

export function AccountSwitcher(props: {
  current: string;
  accounts: { accountId: string; accountName: string; role: string }[];
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  if (props.accounts.length < 2) return <span>{props.accounts[0]?.accountName}</span>;

  return (
    <select
      aria-label="Account"
      value={props.current}
      disabled={pending}
      onChange={(event) => {
        const accountId = event.target.value;
        startTransition(async () => {
          const result = await switchAccount(accountId);
          if (result.ok) router.refresh();
        });
      }}
    >
      {props.accounts.map((a) => (
        <option key={a.accountId} value={a.accountId}>
          {a.accountName} ({a.role})
        </option>
      ))}
    </select>
  );
}
