import Link from "next/link";
import type { LogSummary } from "@/lib/db/queries";
import { formatCount, formatTime } from "@/components/ui/format";
import { UploadHowTo } from "@/components/overview/nothing-stored";
import { DeleteLogButton } from "./delete-log-button";
import { formatBytes } from "@/lib/wording";

/** How many hex digits of a sha256 the table shows (the title has all 64). */
const SHA_SHOWN = 12;

/**
 * The uploaded logs, newest first; each build count opens that log's builds, and each log can be
 * deleted (a second click says what goes). File names are the uploader's text.
 */
export function LogsTable({ logs }: { logs: LogSummary[] }) {
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
        <thead>
          <tr>
            <th>file</th>
            <th>uploaded</th>
            <th className="num">size</th>
            <th>sha256</th>
            <th className="num">builds</th>
            {/* Named for screen readers; a visually hidden span here is positioned out of the table's scroll box. */}
            <th aria-label="delete" />
          </tr>
        </thead>
        <tbody>
          {logs.map((log) => (
            <tr key={log.id} data-testid="log-row" data-log-id={log.id}>
              <td className="wrap mono" data-testid="log-file">
                {log.fileName}
              </td>
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
                <Link href={`/builds?logId=${log.id}`} title="this log's builds" data-testid="log-builds">
                  {formatCount(log.buildCount)}
                </Link>
              </td>
              <td>
                <DeleteLogButton id={log.id} fileName={log.fileName} buildCount={log.buildCount} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
