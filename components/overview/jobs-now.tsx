// ## Now, by job
//
// The first question of an on-call look at the dashboard: is anything stuck right now, and on
// which job (a job is a monitor against a node)? Each job's latest build stored, how long ago it
// ran, and what is stuck there with when it started; the overview's charts and lists answer
// "what happened" over a range, this answers "what is going on" whatever the range.
import Link from "next/link";
import { StuckCell } from "@/components/incidents/incidents-table";
import { Breakable } from "@/components/ui/breakable";
import { ClassBadge } from "@/components/ui/class-badge";
import { buildLabel, formatAge, formatCount, formatTime, silence } from "@/components/ui/format";
import { hrefWith } from "@/components/filters/parse-search-params";
import { TableTime } from "@/components/ui/table-time";
import { JOBS_NOW_MAX, type JobNow } from "@/lib/db/queries";
import { plural } from "@/lib/wording";

export function JobsNow({ jobs, jobCount }: { jobs: JobNow[]; jobCount: number }) {
  if (jobs.length === 0) return null;
  return (
    <section className="panel" data-testid="jobs-now">
      <div className="panel-head">
        <h2>Now, by job</h2>
        <span className="muted small">each job&apos;s latest build stored: the Job and Except job filters narrow it, the others do not apply</span>
      </div>
      <div className="table-wrap">
        <table role="table" className="table phone-cards">
          <caption className="visually-hidden">Each job&apos;s latest build and what is stuck there</caption>
          <thead role="rowgroup">
            <tr role="row">
              <th role="columnheader">job</th>
              <th role="columnheader">latest build</th>
              <th role="columnheader">now</th>
              <th role="columnheader" className="num" title="the largest message_queue_len in its top list, and the change since the build before it">
                top-list queue
              </th>
              <th role="columnheader">stuck since</th>
              <th role="columnheader" title="incidents of the job still going on at its latest build: the one there, and any whose process is still in its top list">ongoing</th>
            </tr>
          </thead>
          <tbody role="rowgroup">
            {jobs.map((row) => (
              <tr role="row" key={row.job} data-testid="job-now">
                <td role="cell" className="job-cell card-head">
                  <Link href={hrefWith("/", { job: row.job })} data-testid="job-now-job">
                    <Breakable text={row.job} />
                  </Link>
                </td>
                <td role="cell" data-label="latest build">
                  <Link href={row.latest.permalink} title={buildLabel({ ...row.latest, job: row.job })} data-testid="job-now-build">
                    {buildLabel(row.latest, { job: false, short: true })}
                  </Link>
                  <div className="muted small" title={formatTime(row.latest.at)} data-testid="job-now-age">
                    {row.latest.startedAt ? formatAge(row.latest.at) : `uploaded ${formatAge(row.latest.at)}`}
                  </div>
                  <Silence row={row} />
                </td>
                <td role="cell" className="wrap" data-label="now" data-testid="job-now-verdict">
                  {row.latest.incident ? (
                    <>
                      {/* The latest build's own class: its incident's may be another (a connection that died). */}
                      <ClassBadge value={row.latest.culprit?.class ?? row.stuck?.culpritClass ?? "unknown"} />
                      {row.stuck ? (
                        <>
                          {" "}
                          <StuckCell incident={row.stuck} />
                        </>
                      ) : null}
                    </>
                  ) : (
                    <span className="ok">healthy</span>
                  )}
                </td>
                <td role="cell" className="num" data-label="top-list queue" data-testid="job-now-queue">
                  {formatCount(row.latest.queueLen)}
                  <QueueChange row={row} />
                </td>
                <td role="cell" data-label="stuck since" data-testid="job-now-since">
                  {row.stuck ? (
                    <>
                      <TableTime value={row.stuck.firstAt} />
                      <div className="muted small">
                        {row.stuck.firstAt ? `${formatAge(row.stuck.firstAt)}, ` : null}
                        <Link href={`/builds?incidentId=${row.stuck.id}`}>{plural(row.stuck.buildCount, "build")}</Link>
                      </div>
                    </>
                  ) : (
                    "—"
                  )}
                </td>
                <td role="cell" data-label="ongoing" data-testid="job-now-ongoing">
                  {row.ongoing > 0 ? <Link href={hrefWith("/incidents", { job: row.job, ongoing: "true" })}>{plural(row.ongoing, "incident")}</Link> : "none"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {jobCount > JOBS_NOW_MAX ? (
        <p className="muted small" data-testid="jobs-now-more">
          The {JOBS_NOW_MAX} of {jobCount >= 500 ? "500 or more" : jobCount.toLocaleString("en-US")} jobs with the latest builds, by name: choose a job in the filters to see
          another.
        </p>
      ) : null}
    </section>
  );
}

/** `no build for 24 h (it ran every 3 min)` under a job's latest build, when it stopped pushing (format.ts silence). */
function Silence({ row }: { row: JobNow }) {
  const text = silence(row.latest.at, row.usualGapMs);
  if (text === null) return null;
  return (
    <div className="danger small" data-testid="job-now-silent">
      {text}
    </div>
  );
}

/** `+3,012` or `−1,200` under the latest queue: the change since the build before it. */
function QueueChange({ row }: { row: JobNow }) {
  const { queueLen, previousQueueLen } = row.latest;
  if (queueLen === null || previousQueueLen === null) return null;
  const change = queueLen - previousQueueLen;
  return (
    <div className="muted small" title="since the build before it" data-testid="job-now-queue-change">
      {change === 0 ? "unchanged" : `${change > 0 ? "+" : "\u2212"}${formatCount(Math.abs(change))}`}
    </div>
  );
}
