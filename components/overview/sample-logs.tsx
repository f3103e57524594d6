// The sample console logs in public/samples/, offered wherever a new user
// might have no log at hand (the empty overview, the upload page).
const SAMPLE_LOGS = [
  { file: "room-snh48-25877.log", what: "a MUC room flooded with disco#info and messages (mod_muc_room)" },
  { file: "room-chinese-812.log", what: "a modern ejabberd room with a Chinese name and message body" },
  { file: "sql-27044.log", what: "a p1_mysql connection drowning in result packets" },
  { file: "dead-27140.log", what: "the worst process died before it could be inspected" },
  { file: "rex-11431.log", what: "the rpc server (rex) stuck on mnesia calls" },
] as const;

export function SampleLogList() {
  return (
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
  );
}
