import { FilterBar } from "@/components/filters/filter-bar";
import { IgnoredParams } from "@/components/filters/ignored-params";
import { ScopeNotice } from "@/components/filters/scope-notice";
import { filterValues, parseSearchParams, type SearchParams } from "@/components/filters/parse-search-params";
import { IncidentsTable } from "@/components/incidents/incidents-table";
import { Pagination } from "@/components/ui/pagination";
import { getIncident, listIncidents, listJobs } from "@/lib/db/queries";
import { listSchema } from "@/lib/validation/query";

export const dynamic = "force-dynamic";
export const metadata = { title: "Incidents · Mailbox incident dashboard" };

export default async function IncidentsPage(props: { searchParams: Promise<SearchParams> }) {
  const { query, ignored } = parseSearchParams(listSchema, await props.searchParams);
  const [page, jobs, incident] = await Promise.all([
    listIncidents(query),
    listJobs(),
    query.incidentId ? getIncident({ id: query.incidentId }) : undefined,
  ]);
  const filters = filterValues(query);
  const listParams = { ...filters, pageSize: query.pageSize === 50 ? undefined : query.pageSize };
  return (
    <>
      <h1>Incidents</h1>
      <p className="muted">
        An incident is the same process or room stuck on top across consecutive builds of a job: how long it lasted, how bad it got, where it
        started and ended.
      </p>
      <IgnoredParams keys={ignored} />
      <ScopeNotice pathname="/incidents" params={{ ...listParams, pageSize: listParams.pageSize?.toString() }} incident={incident} />
      <FilterBar key={JSON.stringify(filters)} values={filters} jobs={jobs} keep={{ pageSize: listParams.pageSize?.toString() }} />
      <IncidentsTable incidents={page.items} />
      <Pagination pathname="/incidents" params={listParams} page={page.page} pageSize={page.pageSize} total={page.total} />
    </>
  );
}
