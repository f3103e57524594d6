import { FilterBar } from "@/components/filters/filter-bar";
import { JobHint } from "@/components/filters/job-hint";
import { RoomHint } from "@/components/filters/room-hint";
import { IgnoredParams } from "@/components/filters/ignored-params";
import { EmptyRangeNotice } from "@/components/filters/empty-range-notice";
import { ScopeNotice } from "@/components/filters/scope-notice";
import { filterValues, parseSearchParams, type SearchParams } from "@/components/filters/parse-search-params";
import { RoomsTable } from "@/components/rooms/rooms-table";
import { nothingStored } from "@/components/overview/nothing-stored";
import { CsvLink } from "@/components/ui/csv-link";
import { Pagination } from "@/components/ui/pagination";
import { getIncident, listJobs, listRooms } from "@/lib/db/queries";
import { filterSchema, pageSchema } from "@/lib/validation/query";

export const dynamic = "force-dynamic";
export const metadata = { title: "Rooms · Mailbox incident dashboard" };

const roomsPageSchema = filterSchema.extend(pageSchema.shape);

export default async function RoomsPage(props: { searchParams: Promise<SearchParams> }) {
  const { query, ignored, unread } = parseSearchParams(roomsPageSchema, await props.searchParams);
  const { page, pageSize, ...filter } = query;
  const [rooms, jobs, incident] = await Promise.all([
    listRooms(filter),
    listJobs(),
    filter.incidentId ? getIncident({ id: filter.incidentId }) : undefined,
  ]);
  const filters = filterValues(query);
  const shown = rooms.slice((page - 1) * pageSize, page * pageSize);
  const listParams = { ...filters, pageSize: pageSize === 50 ? undefined : pageSize };
  return (
    <>
      <h1>Rooms</h1>
      <p className="muted">Every MUC room whose messages blocked a build: how many builds, how many incidents, first and last seen, and the
        peak queue of its process when the monitor inspected it.</p>
      <IgnoredParams keys={ignored} unread={unread} />
      <EmptyRangeNotice query={query} />
      <ScopeNotice pathname="/rooms" params={{ ...listParams, pageSize: listParams.pageSize?.toString() }} incident={incident} />
      <FilterBar key={JSON.stringify(filters)} values={filters} jobs={jobs} keep={{ pageSize: listParams.pageSize?.toString() }} hideClass />
      <JobHint job={query.job} pathname="/rooms" params={listParams} />
      <JobHint job={query.excludeJob} param="excludeJob" pathname="/rooms" params={listParams} />
      <RoomHint room={query.room} pathname="/rooms" params={listParams} />
      {rooms.length > 0 ? (
        <p className="sort-links">
          <CsvLink api="/api/rooms" params={filters} total={rooms.length} noun="room" />
        </p>
      ) : null}
      <RoomsTable rooms={shown} filters={filters} filtered={Object.keys(filters).length > 0} nothingStored={await nothingStored(rooms.length === 0, filters)} />
      <Pagination pathname="/rooms" params={listParams} page={page} pageSize={pageSize} total={rooms.length} />
    </>
  );
}
