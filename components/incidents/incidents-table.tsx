import Link from "next/link";
import type { IncidentDto } from "@/lib/db/queries";
import { Breakable } from "@/components/ui/breakable";
import { ClassBadge } from "@/components/ui/class-badge";
import { CLASS_LABELS } from "@/components/ui/culprit-classes";
import { formatCount, formatDuration, formatTime, roomHref, roomName } from "@/components/ui/format";

/** One line naming an incident: its id, culprit and span of builds (`incident #5: SQL (p1_mysql) <0.1.0>, #27044 → #27050`). */
export function incidentLabel(incident: IncidentDto): string {
  const subject = incident.room ? roomName(incident.room) : (incident.subject ?? incident.key);
  const span =
    incident.lastBuild.permalink === incident.firstBuild.permalink
      ? `#${incident.firstBuild.number ?? "?"}`
      : `#${incident.firstBuild.number ?? "?"} → #${incident.lastBuild.number ?? "?"}`;
  return `incident #${incident.id}: ${CLASS_LABELS[incident.culpritClass] ?? incident.culpritClass} ${subject}, ${span}`;
}

/** Incidents: the same culprit on top across consecutive builds of a job. */
export function IncidentsTable({ incidents, compact = false }: { incidents: IncidentDto[]; compact?: boolean }) {
  if (incidents.length === 0) return <p className="muted" data-testid="incidents-empty">No incidents match.</p>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="incidents-table">
        <thead>
          <tr>
            <th>culprit</th>
            <th>subject</th>
            {compact ? null : <th>job</th>}
            <th>when</th>
            <th>duration</th>
            <th className="num">builds</th>
            <th className="num">peak queue</th>
            <th>first / last build</th>
          </tr>
        </thead>
        <tbody>
          {incidents.map((incident) => (
            <tr key={incident.id} data-testid="incident-row">
              <td>
                <ClassBadge value={incident.culpritClass} />
              </td>
              <td className="wrap">
                {incident.room ? (
                  <Link href={roomHref(incident.room)} title={incident.room}>
                    <Breakable text={roomName(incident.room)} />
                  </Link>
                ) : (
                  <span className="mono">
                    <Breakable text={incident.subject ?? incident.key} />
                  </span>
                )}
              </td>
              {compact ? null : (
                <td className="job-cell" data-testid="incident-job">
                  <Breakable text={incident.job ?? "—"} />
                </td>
              )}
              <td className="nowrap">
                {formatTime(incident.firstAt)}
                {!compact && incident.lastAt !== incident.firstAt ? <div className="muted small">to {formatTime(incident.lastAt)}</div> : null}
              </td>
              <td className="nowrap" data-testid="incident-duration">
                {formatDuration(incident.durationMs)}
              </td>
              <td className="num">
                <Link href={`/builds?incidentId=${incident.id}`} title="this incident's builds" data-testid="incident-builds">
                  {incident.buildCount}
                </Link>
              </td>
              <td className="num">{formatCount(incident.peakQueueLen)}</td>
              <td className="nowrap">
                <Link href={incident.firstBuild.permalink} data-testid="incident-first">
                  #{incident.firstBuild.number ?? "?"}
                </Link>
                {incident.lastBuild.permalink !== incident.firstBuild.permalink ? (
                  <>
                    {" → "}
                    <Link href={incident.lastBuild.permalink} data-testid="incident-last">
                      #{incident.lastBuild.number ?? "?"}
                    </Link>
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
