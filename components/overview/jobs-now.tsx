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
import { buildLabel, formatAge, formatTime } from "@/components/ui/format";
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
        <span className="muted small">each job&apos;s latest build stored, whatever the filters&apos; range</span>
      </div>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Each job&apos;s latest build and what is stuck there</caption>
          <thead>
            <tr>
              <th>job</th>
              <th>latest build</th>
              <th>now</th>
              <th>stuck since</th>
              <th title="incidents of the job still going on at its latest build: the one there, and any whose process is still in its top list">ongoing</th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((row) => (
              <tr key={row.job} data-testid="job-now">
                <td className="job-cell">
                  <Link href={hrefWith("/", { job: row.job })} data-testid="job-now-job">
                    <Breakable text={row.job} />
                  </Link>
                </td>
                <td>
                  <Link href={row.latest.permalink} title={buildLabel({ ...row.latest, job: row.job })} data-testid="job-now-build">
                    {buildLabel(row.latest, { job: false, short: true })}
                  </Link>
                  <div className="muted small" title={formatTime(row.latest.at)} data-testid="job-now-age">
                    {row.latest.startedAt ? formatAge(row.latest.at) : `uploaded ${formatAge(row.latest.at)}`}
                  </div>
                </td>
                <td className="wrap" data-testid="job-now-verdict">
                  {row.stuck ? (
                    <>
                      <ClassBadge value={row.stuck.culpritClass} /> <StuckCell incident={row.stuck} />
                    </>
                  ) : row.latest.incident ? (
                    <ClassBadge value={row.latest.culprit?.class ?? "unknown"} />
                  ) : (
                    <span className="ok">healthy</span>
                  )}
                </td>
                <td data-testid="job-now-since">
                  {row.stuck ? (
                    <>
                      <TableTime value={row.stuck.firstAt} />
                      <div className="muted small">
                        <Link href={`/builds?incidentId=${row.stuck.id}`}>{plural(row.stuck.buildCount, "build")}</Link>
                      </div>
                    </>
                  ) : (
                    "—"
                  )}
                </td>
                <td data-testid="job-now-ongoing">
                  {row.ongoing > 0 ? <Link href={hrefWith("/incidents", { job: row.job, ongoing: "true" })}>{plural(row.ongoing, "incident")}</Link> : "none"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {jobCount > JOBS_NOW_MAX ? (
        <p className="muted small" data-testid="jobs-now-more">
          The first {JOBS_NOW_MAX} of {jobCount >= 500 ? "500 or more" : jobCount.toLocaleString("en-US")} jobs, by name: choose a job in the filters to see its own.
        </p>
      ) : null}
    </section>
  );
}
