import type { BuildDetail } from "@/lib/db/queries";
import { Breakable } from "@/components/ui/breakable";
import { isPidText } from "@/components/ui/format";


/** The monitor's top list by message_queue_len, with a bar for scale; the inspected pid highlighted. */
export function TopTable({ top, inspectedPid }: { top: BuildDetail["top"]; inspectedPid: string | null }) {
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
                <span className={isPidText(row.pid) ? "nowrap" : undefined}>{row.pid}</span>
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
