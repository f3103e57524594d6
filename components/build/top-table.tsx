import Link from "next/link";
import type { BuildDetail } from "@/lib/db/queries";
import { hrefWith } from "@/components/filters/parse-search-params";
import { Breakable } from "@/components/ui/breakable";
import { isPidText } from "@/components/ui/format";


/**
 * The monitor's top list by message_queue_len, with a bar for scale; the inspected pid highlighted.
 * Each pid links to the job's builds it is in (inspected or anywhere in the list): what the seed's
 * reader did by hand to see that a process sitting second (25870's <6562.783.478>) was still the
 * one stuck for days (an operator's review, 2026-12-07).
 */
export function TopTable({ top, inspectedPid, job }: { top: BuildDetail["top"]; inspectedPid: string | null; job: string | null }) {
  if (top.length === 0) return <p className="muted">The log has no top list.</p>;
  const max = Math.max(1, ...top.map((row) => row.queueLen));
  return (
    <div className="table-wrap">
      <table className="table" data-testid="top-table">
        <caption className="visually-hidden">Top processes by queue length</caption>
        <thead>
          <tr>
            <th>#</th>
            <th>pid</th>
            <th className="num head-wrap">
              <Breakable text="message_queue_len" />
            </th>
            <th aria-hidden="true"></th>
          </tr>
        </thead>
        <tbody>
          {top.map((row) => (
            <tr key={row.rank} className={row.pid === inspectedPid ? "highlight" : undefined} data-testid="top-row">
              <td>{row.rank}</td>
              <th scope="row" className="mono">
                {/* A pid never wraps (it broke before its `>` on a phone); a registered name, up to 255 characters, may. */}
                <Link
                  href={hrefWith("/builds", { pid: row.pid, job })}
                  className={isPidText(row.pid) ? "nowrap" : undefined}
                  title={job !== null ? "the builds of this job that hold this process" : "the builds that hold this process"}
                  data-testid="top-pid"
                >
                  {row.pid}
                </Link>
                {row.pid === inspectedPid ? <span className="muted small"> (inspected)</span> : null}
              </th>
              <td className="num">{row.queueLen.toLocaleString("en-US")}</td>
              <td className="bar-cell" aria-hidden="true">
                <span className="bar" style={{ width: `${(row.queueLen / max) * 100}%` }} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
