import Link from "next/link";
import type { LogJob, LogListItem } from "@/lib/db/queries";
import { formatCount, formatTime } from "@/components/ui/format";
import { UploadHowTo } from "@/components/overview/nothing-stored";
import { DeleteLogButton } from "./delete-log-button";
import { formatBytes, plural } from "@/lib/wording";

/** How many hex digits of a sha256 the table shows (the title has all 64). */
const SHA_SHOWN = 12;

/** How many of a log's jobs are named under its file name; the rest are counted. */
const JOBS_SHOWN = 2;

/**
 * `job #25870–#25877`, `job #27044`, `job #297 (attempt 2)`, `(no job)`: a job a log holds, the
 * numbers of its builds there, and their attempt when one is a re-run (two consoles of #297 tell apart).
 */
function jobText({ job, first, last, attempts }: LogJob): string {
  const numbers = first === null || last === null ? "" : first === last ? ` #${first}` : ` #${first}–#${last}`;
  const attempt = attempts.max <= 1 ? "" : attempts.min === attempts.max ? ` (attempt ${attempts.min})` : ` (attempts ${attempts.min}–${attempts.max})`;
  return `${job ?? "(no job)"}${numbers}${attempt}`;
}

/**
 * The uploaded logs, newest first; each build count opens that log's builds, and each log can be
 * deleted (a second click says what goes). File names are the uploader's text.
 */
export function LogsTable({ logs }: { logs: LogListItem[] }) {
  if (logs.length === 0) {
    return (
      <p className="muted" data-testid="logs-empty">
        No logs uploaded yet. <UploadHowTo />
      </p>
    );
  }
  return (
    <div className="table-wrap">
      <table className="table" data-testid="logs-table">
        <caption className="visually-hidden">Logs</caption>
        <thead>
          <tr>
            <th>file</th>
            <th>uploaded</th>
            <th className="num">size</th>
            <th>sha256</th>
            <th className="num">builds</th>
            {/* Text for screen readers (an aria-label alone left the header empty: axe's empty-table-header); the
                table's box is positioned (globals.css), so the hidden text stays inside its scroll box. */}
            <th>
              <span className="visually-hidden">delete</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {logs.map((log) => (
            <tr key={log.id} data-testid="log-row" data-log-id={log.id}>
              <th scope="row" className="wrap">
                <span className="mono" data-testid="log-file">
                  {log.fileName}
                </span>
                {/* Every CI push is console.log: the jobs and build numbers tell them apart. */}
                {log.jobs.length > 0 ? (
                  <div className="muted small" data-testid="log-jobs">
                    {log.jobs.slice(0, JOBS_SHOWN).map(jobText).join(", ")}
                    {log.jobs.length > JOBS_SHOWN ? `, and ${plural(log.jobs.length - JOBS_SHOWN, "other job")}` : ""}
                  </div>
                ) : null}
              </th>
              <td className="nowrap" data-testid="log-uploaded">
                {formatTime(log.uploadedAt)}
              </td>
              <td className="num nowrap" title={`${formatCount(log.size)} bytes`} data-testid="log-size">
                {formatBytes(log.size)}
              </td>
              <td className="mono nowrap" title={log.sha256} data-testid="log-sha256">
                {log.sha256.slice(0, SHA_SHOWN)}…
              </td>
              <td className="num">
                <Link href={`/builds?logId=${log.id}`} title="this log's builds" aria-label={`${plural(log.buildCount, "build")} of ${log.fileName}`} data-testid="log-builds">
                  {formatCount(log.buildCount)}
                </Link>
              </td>
              <td>
                <DeleteLogButton id={log.id} fileName={log.fileName} buildCount={log.buildCount} shared={log.shared} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
