import Link from "next/link";
import { QueueTimelineChart } from "@/components/charts/queue-timeline-chart";
import { RoomIncidentsChart } from "@/components/charts/room-incidents-chart";
import { FilterBar } from "@/components/filters/filter-bar";
import { JobHint } from "@/components/filters/job-hint";
import { RoomHint } from "@/components/filters/room-hint";
import { IgnoredParams } from "@/components/filters/ignored-params";
import { EmptyRangeNotice } from "@/components/filters/empty-range-notice";
import { ScopeNotice } from "@/components/filters/scope-notice";
import { filterValues, hrefWith, parseSearchParams, viewValues, type SearchParams } from "@/components/filters/parse-search-params";
import { IncidentsTable } from "@/components/incidents/incidents-table";
import { EmptyState } from "@/components/overview/empty-state";
import { Totals } from "@/components/overview/totals";
import { JobsNow } from "@/components/overview/jobs-now";
import { getIncident, getJobsNow, getTimeline, getTotals, latestJobs, listIncidents, listJobs, listRooms } from "@/lib/db/queries";
import { filterSchema } from "@/lib/validation/query";
import { plural } from "@/lib/wording";

export const dynamic = "force-dynamic";

const TOP_ROOMS = 10;

export default async function OverviewPage(props: { searchParams: Promise<SearchParams> }) {
  const searchParams = await props.searchParams;
  const { query, ignored, unread } = parseSearchParams(filterSchema, searchParams);
  const view = viewValues(searchParams);
  const totals = await getTotals();
  const intro = (
    <>
      <h1 data-testid="product-name">Mailbox incident dashboard</h1>
      <p className="muted">
        Reads the console logs of the ejabberd mailbox monitor from CI and tells which process is stuck: a MUC room, the rpc server, a MySQL
        connection, or a process that died.
      </p>
    </>
  );
  if (totals.builds === 0) {
    return (
      <>
        {intro}
        <Totals totals={totals} />
        <EmptyState />
      </>
    );
  }
  const [timeline, rooms, incidents, { jobs, jobsNow, nowCount }, incident] = await Promise.all([
    getTimeline({ ...query, points: 1500 }),
    listRooms(query),
    listIncidents({ ...query, sort: "lastAt", order: "desc", page: 1, pageSize: 10, format: "json" }),
    // The jobs, and each one's latest build (the job filtered on alone): "Now, by job".
    listJobs().then(async (jobs) => {
      const shown = jobs.filter((job) => (query.job === undefined || job === query.job) && job !== query.excludeJob);
      return { jobs, jobsNow: await getJobsNow(await latestJobs(shown)), nowCount: shown.length };
    }),
    query.incidentId ? getIncident({ id: query.incidentId }) : undefined,
  ]);
  const filters = filterValues(query);
  const zoomed = Boolean(query.from || query.to);
  // In listRooms' order, the rooms page's (most builds blocked first, then by JID), as the seed's
  // reader tallied them; ties too (a review: re-sorting on incidents put another room in 10th place).
  const topRooms = rooms
    .slice(0, TOP_ROOMS)
    .map(({ jid, name, incidents: count, builds }) => ({ jid, name, incidents: count, builds }));
  return (
    <>
      {intro}
      <Totals totals={totals} scoped={Object.keys(filters).length > 0} />
      <IgnoredParams keys={ignored} unread={unread} />
      <EmptyRangeNotice query={query} />
      <ScopeNotice pathname="/" params={{ ...filters, ...view }} incident={incident} />
      <FilterBar key={JSON.stringify(filters)} values={filters} jobs={jobs} keep={view} />
      <JobHint job={query.job} pathname="/" params={{ ...filters, ...view }} />
      <JobHint job={query.excludeJob} param="excludeJob" pathname="/" params={{ ...filters, ...view }} />
      <RoomHint room={query.room} pathname="/" params={{ ...filters, ...view }} />
      <JobsNow jobs={jobsNow} jobCount={nowCount} />
      <section className="panel" data-testid="timeline-panel">
        <div className="panel-head">
          <h2 title="the largest message_queue_len in each build's top list (measured before the monitor inspects the process)">
            Top-list queue per build
          </h2>
          <span className="muted small">
            {plural(timeline.total, "build")}
            {timeline.downsampled ? `, ${timeline.points.length.toLocaleString("en-US")} shown (highest per time slice)` : ""} ·{" "}
            {/* A touch drag scrolls the page, and zooms nothing (an accessibility review on a phone): there, the filter bar's range does. */}
            <span className="with-mouse">drag across the chart to zoom</span>
            <span className="with-touch">tap a dot to open its build; zoom with From and To above</span>
            {zoomed ? (
              <>
                {" · "}
                <Link href={hrefWith("/", { ...filters, ...view, from: undefined, to: undefined })} data-testid="zoom-reset">
                  reset zoom
                </Link>
              </>
            ) : null}
          </span>
        </div>
        {timeline.points.length > 0 ? (
          <QueueTimelineChart points={timeline.points} query={filters} />
        ) : (
          <p className="muted">No builds in this range.</p>
        )}
      </section>
      <section className="panel" data-testid="rooms-panel">
        <div className="panel-head">
          <h2>Incidents per room</h2>
          {rooms.length > 0 ? (
            <Link href={hrefWith("/rooms", filters)} className="small">
              {rooms.length === 1 ? "" : "all "}
              {plural(rooms.length, "room")} →
            </Link>
          ) : null}
        </div>
        {topRooms.length > 0 ? <RoomIncidentsChart rooms={topRooms} filters={filters} /> : <p className="muted">No room has blocked a build in this view.</p>}
      </section>
      <section className="panel" data-testid="latest-incidents">
        <div className="panel-head">
          <h2>Latest incidents</h2>
          <Link href={hrefWith("/incidents", filters)} className="small">
            {incidents.total === 1 ? "" : "all "}
            {plural(incidents.total, "incident")} →
          </Link>
        </div>
        <IncidentsTable incidents={incidents.items} compact caption="Latest incidents" filters={filters} />
      </section>
    </>
  );
}
