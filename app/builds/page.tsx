import { BuildsTable } from "@/components/builds/builds-table";
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
import { nothingStored } from "@/components/overview/nothing-stored";
import { CsvLink } from "@/components/ui/csv-link";
import { Pagination } from "@/components/ui/pagination";
import { getIncident, getLog, listBuilds, listJobs, topPlaces } from "@/lib/db/queries";
import { buildListSchema } from "@/lib/validation/query";

export const dynamic = "force-dynamic";
export const metadata = { title: "Builds · Mailbox incident dashboard" };

/** Every build, the incident builds alone, or the healthy ones (`incident`). */
const INCIDENT_CHOICES = [
  [undefined, "all"],
  ["true", "incidents", "builds whose stuck process's queue reached the incident threshold"],
  ["false", "healthy"],
] as const;

const SORTS = [
  ["startedAt", "time"],
  ["queueLen", "queue"],
  ["number", "number"],
  ["job", "job"],
] as const;

export default async function BuildsPage(props: { searchParams: Promise<SearchParams> }) {
  const { query, ignored, unread } = parseSearchParams(buildListSchema, await props.searchParams);
  const [page, jobs, incident, log] = await Promise.all([
    listBuilds(query),
    listJobs(),
    query.incidentId ? getIncident({ id: query.incidentId }) : undefined,
    query.logId ? getLog({ id: query.logId }) : null,
  ]);
  // Filtered by a pid: its own queue in each listed build (the list's largest is often another's).
  const pidPlaces = query.pid ? { pid: query.pid, places: await topPlaces(query.pid, page.items.map((build) => build.id)) } : undefined;
  const filters = filterValues(query);
  const listParams = { ...filters, sort: query.sort === "startedAt" ? undefined : query.sort, order: query.order === "desc" ? undefined : query.order, pageSize: query.pageSize === 50 ? undefined : query.pageSize };
  return (
    <>
      <h1>Builds</h1>
      <IgnoredParams keys={ignored} unread={unread} />
      <EmptyRangeNotice query={query} />
      <ScopeNotice
        pathname="/builds"
        params={{ ...listParams, pageSize: listParams.pageSize?.toString() }}
        labels={{ logId: log ? `log #${log.id}: ${log.fileName}` : undefined }}
        incident={incident}
      />
      <FilterBar key={JSON.stringify(filters)} values={filters} jobs={jobs} keep={{ sort: listParams.sort, order: listParams.order, pageSize: listParams.pageSize?.toString() }} />
      <ResultCount total={page.total} noun="build" />
      <ShowLinks pathname="/builds" params={listParams} param="incident" current={query.incident} choices={INCIDENT_CHOICES} testId="incident-links" />
      <JobHint job={query.job} pathname="/builds" params={listParams} />
      <JobHint job={query.excludeJob} param="excludeJob" pathname="/builds" params={listParams} />
      <RoomHint room={query.room} pathname="/builds" params={listParams} />
      <SortLinks pathname="/builds" params={listParams} sorts={SORTS} sort={query.sort} defaultSort="startedAt" order={query.order} orderLabels={{ desc: "newest / largest first", asc: "oldest / smallest first" }}>
        <CsvLink api="/api/builds" params={listParams} total={page.total} noun="build" />
      </SortLinks>
      <BuildsTable builds={page.items} sorted={{ by: query.sort, order: query.order }} pidPlaces={pidPlaces} filters={filters} nothingStored={await nothingStored(page.total === 0, filters)} />
      <Pagination pathname="/builds" params={listParams} page={page.page} pageSize={page.pageSize} total={page.total} />
    </>
  );
}
