// The "field: old → new" lines of one audit entry.
import styles from './auth.module.css';

export function AuditChangeLines({ lines }: { lines: string[] }) {
  if (lines.length === 0) return <span className={styles.muted}>—</span>;
  return (
    <ul className={styles.changes}>
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}
