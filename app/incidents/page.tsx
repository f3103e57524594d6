import { FilterBar } from "@/components/filters/filter-bar";
import { ResultCount } from "@/components/filters/result-count";
import { JobHint } from "@/components/filters/job-hint";
import { RoomHint } from "@/components/filters/room-hint";
import { SortLinks } from "@/components/filters/sort-links";
import { IgnoredParams } from "@/components/filters/ignored-params";
import { EmptyRangeNotice } from "@/components/filters/empty-range-notice";
import { ScopeNotice } from "@/components/filters/scope-notice";
import { ShowLinks } from "@/components/filters/show-links";
import { filterValues, parseSearchParams, type SearchParams } from "@/components/filters/parse-search-params";
import { IncidentStartsChart } from "@/components/charts/incident-starts-chart";
import { IncidentsTable } from "@/components/incidents/incidents-table";
import { nothingStored } from "@/components/overview/nothing-stored";
import { CsvLink } from "@/components/ui/csv-link";
import { displayOffset } from "@/components/ui/format";
import { Pagination } from "@/components/ui/pagination";
import { countIncidentStarts, getIncident, listIncidents, listJobs } from "@/lib/db/queries";
import { offsetMinutes } from "@/lib/utc-offset";
import { incidentListSchema } from "@/lib/validation/query";
import { plural } from "@/lib/wording";

export const dynamic = "force-dynamic";
export const metadata = { title: "Incidents · Mailbox incident dashboard" };

const SORTS = [
  // (Its last culprit build's time: the process may be seen in the top list later, lastSeenAt.)
  ["lastAt", "latest"],
  ["firstAt", "first seen"],
  ["peakQueueLen", "peak queue"],
  ["buildCount", "builds"],
  ["durationMs", "duration"],
] as const;

export default async function IncidentsPage(props: { searchParams: Promise<SearchParams> }) {
  const { query, ignored, unread } = parseSearchParams(incidentListSchema, await props.searchParams);
  const offset = displayOffset();
  const [page, starts, jobs, incident] = await Promise.all([
    listIncidents(query),
    countIncidentStarts(query, { offsetMinutes: offsetMinutes(offset) }),
    listJobs(),
    query.incidentId ? getIncident({ id: query.incidentId }) : undefined,
  ]);
  // Listed but not charted (the chart counts them in its caption, or says so instead of drawing nothing).
  const undrawn = [
    starts.earlier > 0 ? `${plural(starts.earlier, "incident")} started before the range` : "",
    starts.untimed > 0 ? `${plural(starts.untimed, "incident")} with no known start` : "",
  ].filter(Boolean);
  const filters = filterValues(query);
  const listParams = {
    ...filters,
    ongoing: query.ongoing,
    sort: query.sort === "lastAt" ? undefined : query.sort,
    order: query.order === "desc" ? undefined : query.order,
    pageSize: query.pageSize === 50 ? undefined : query.pageSize,
  };
  return (
    <>
      <h1>Incidents</h1>
      <p className="muted">
        An incident is the same process or room stuck on top across consecutive builds of a job: how long it lasted, how bad it got, where it
        started and ended.
      </p>
      <IgnoredParams keys={ignored} unread={unread} />
      <EmptyRangeNotice query={query} />
      <ScopeNotice pathname="/incidents" params={{ ...listParams, pageSize: listParams.pageSize?.toString() }} incident={incident} />
      <FilterBar key={JSON.stringify(filters)} values={filters} jobs={jobs} keep={{ ongoing: listParams.ongoing, sort: listParams.sort, order: listParams.order, pageSize: listParams.pageSize?.toString() }} />
      <ShowLinks pathname="/incidents" params={listParams} param="ongoing" current={query.ongoing} choices={ONGOING_CHOICES} testId="ongoing-links" />
      <ResultCount total={page.total} noun="incident" />
      <JobHint job={query.job} pathname="/incidents" params={listParams} />
      <JobHint job={query.excludeJob} param="excludeJob" pathname="/incidents" params={listParams} />
      <RoomHint room={query.room} pathname="/incidents" params={listParams} />
      {/* No chart for an empty list: the list says why it is empty. */}
      {page.total > 0 ? (
        <section className="panel" data-testid="incident-starts-panel">
          <div className="panel-head">
            <h2>Incidents started over time</h2>
          </div>
          {starts.charted > 0 ? (
            <IncidentStartsChart starts={starts} params={stringParams(listParams)} offset={offset} />
          ) : (
            <p className="muted" data-testid="incident-starts-none">
              Nothing to draw: {undrawn.join(", ")}.
            </p>
          )}
        </section>
      ) : null}
      <SortLinks pathname="/incidents" params={listParams} sorts={SORTS} sort={query.sort} defaultSort="lastAt" order={query.order} orderLabels={query.sort === "durationMs" ? { desc: "longest first", asc: "shortest first" } : { desc: "latest / largest first", asc: "earliest / smallest first" }}>
        <CsvLink api="/api/incidents" params={listParams} total={page.total} noun="incident" />
      </SortLinks>
      <IncidentsTable incidents={page.items} sorted={{ by: query.sort, order: query.order }} filters={filters} nothingStored={await nothingStored(page.total === 0, filters)} />
      <Pagination pathname="/incidents" params={listParams} page={page.page} pageSize={page.pageSize} total={page.total} />
    </>
  );
}

/** All incidents, those still going on at their job's latest build (what is stuck now), or those over. */
const ONGOING_CHOICES = [
  [undefined, "all"],
  ["true", "ongoing", "still going on at their job's latest build: what is stuck now"],
  ["false", "over"],
] as const;

/** The list's parameters that are set, as strings (the chart's links keep them). */
function stringParams(params: Record<string, string | number | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).flatMap(([key, value]) => (value === undefined || value === "" ? [] : [[key, String(value)]])));
}
