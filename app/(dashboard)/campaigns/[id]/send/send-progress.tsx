'use client';
// One send's progress, refreshed while it runs, with pause and resume.
import { useEffect, useState } from 'react';
import { pauseSend, readProgress, resumeSend } from './actions';
import type { SendProgress } from '@/lib/sending/jobs';

const REFRESH_MS = 2000;

export function SendProgressView({
  initial,
  canControl,
}: {
  initial: SendProgress;
  canControl: boolean;
}) {
  const [progress, setProgress] = useState(initial);
  const [error, setError] = useState<string>();
  const done = progress.total - progress.pending - progress.sending;

  useEffect(() => {
    if (progress.status !== 'running') return;
    const timer = setInterval(async () => {
      const result = await readProgress(progress.jobId);
      if (result.ok) setProgress(result.data);
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [progress.jobId, progress.status]);

  async function control(action: typeof pauseSend) {
    const result = await action(progress.jobId);
    setError(result.ok ? undefined : result.error.message);
    const fresh = await readProgress(progress.jobId);
    if (fresh.ok) setProgress(fresh.data);
  }

  const started = new Date(progress.createdAt).toLocaleString();
  return (
    <div data-testid="send-progress" style={{ margin: '1rem 0' }}>
      <p>
        Started {started}: <strong>{progress.status}</strong>, {done} of {progress.total} done (
        {progress.sent} sent, {progress.bounced} bounced, {progress.skipped} skipped as
        unsubscribed)
      </p>
      <progress max={progress.total} value={done} aria-label="Send progress" />
      {canControl && progress.status === 'running' ? (
        <button type="button" onClick={() => control(pauseSend)}>
          Pause
        </button>
      ) : null}
      {canControl && progress.status === 'paused' ? (
        <button type="button" onClick={() => control(resumeSend)}>
          Resume
        </button>
      ) : null}
      {error ? <p role="alert">{error}</p> : null}
    </div>
  );
}
