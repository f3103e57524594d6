import { FilePicker } from "@/components/upload/file-picker";

export const SAMPLE_LOGS = [
  { file: "room-snh48-25877.log", what: "a MUC room flooded with disco#info and messages (mod_muc_room)" },
  { file: "room-chinese-812.log", what: "a modern ejabberd room with a Chinese name and message body" },
  { file: "sql-27044.log", what: "a p1_mysql connection drowning in result packets" },
  { file: "dead-27140.log", what: "the worst process died before it could be inspected" },
  { file: "rex-11431.log", what: "the rpc server (rex) stuck on mnesia calls" },
] as const;

/** First visit: nothing uploaded yet. */
export function EmptyState() {
  return (
    <section className="empty panel" data-testid="empty-state">
      <h2>No logs yet</h2>
      <p>
        Drop one or several console logs of the mailbox monitor <strong>anywhere on this page</strong>, or choose them:
      </p>
      <p>
        <FilePicker />
      </p>
      <h3>No log at hand? Try these</h3>
      <p className="muted">Download a sample, then drop it here.</p>
      <ul className="samples" data-testid="sample-logs">
        {SAMPLE_LOGS.map((sample) => (
          <li key={sample.file}>
            <a href={`/samples/${sample.file}`} download data-testid="sample-log">
              {sample.file}
            </a>{" "}
            <span className="muted">— {sample.what}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
