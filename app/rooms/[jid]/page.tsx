import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { BuildsTable } from "@/components/builds/builds-table";
import { QueueTimelineChart } from "@/components/charts/queue-timeline-chart";
import { FilterBar } from "@/components/filters/filter-bar";
import { IgnoredParams } from "@/components/filters/ignored-params";
import { EmptyRangeNotice } from "@/components/filters/empty-range-notice";
import { ScopeNotice } from "@/components/filters/scope-notice";
import { filterValues, hrefWith, parseSearchParams, viewValues, type SearchParams } from "@/components/filters/parse-search-params";
import { IncidentsTable } from "@/components/incidents/incidents-table";
import { Breakable } from "@/components/ui/breakable";
import { decodeParam } from "@/components/ui/decode-param";
import { roomJidKey } from "@/lib/classify/jid";
import { formatCount, formatTime } from "@/components/ui/format";
import { Pagination } from "@/components/ui/pagination";
import { plural, pluralWord } from "@/lib/wording";
import { getIncident, getRoom, getTimeline, listBuilds, listIncidents, listJobs, roomStored } from "@/lib/db/queries";
import { buildListSchema } from "@/lib/validation/query";

export const dynamic = "force-dynamic";

/** Incidents the page lists; the rest are a link away (the incidents list, with `room=`). */
const INCIDENTS_SHOWN = 20;

type Props = { params: Promise<{ jid: string }>; searchParams: Promise<SearchParams> };

export async function generateMetadata(props: Props): Promise<Metadata> {
  const jid = roomJidKey(decodeParam((await props.params).jid));
  // A room that is not stored says so in its title too, as a build's does (a screen reader reads the title first).
  return { title: (await roomStored(jid)) ? `${jid} · Rooms · Mailbox incident dashboard` : "Room not found · Mailbox incident dashboard" };
}

export default async function RoomPage(props: Props) {
  // Folded as stored: /rooms/Room@Conference.Host shows the room room@conference.host.
  const jid = roomJidKey(decodeParam((await props.params).jid));
  const searchParams = await props.searchParams;
  const { query, ignored, unread } = parseSearchParams(buildListSchema, searchParams);
  const view = viewValues(searchParams);
  const filter = { ...query, room: jid };
  // The cards follow the filters, as the chart and the lists below do.
  const room = await getRoom(jid, filter);
  if (!room) notFound();
  const [timeline, builds, incidents, jobs, incident] = await Promise.all([
    // The chart is of the builds the room blocked (its title, the card): incident builds alone, as
    // `incident=true` keeps in the builds list. With `incident=false` in the filters it has none.
    query.incident === "false" ? { points: [], total: 0, downsampled: false } : getTimeline({ ...filter, incident: "true", points: 1000 }),
    listBuilds(filter),
    listIncidents({ ...filter, sort: "lastAt", order: "desc", page: 1, pageSize: INCIDENTS_SHOWN }),
    listJobs(),
    query.incidentId ? getIncident({ id: query.incidentId }) : undefined,
  ]);
  const filters = filterValues({ ...query, room: undefined });
  const pathname = `/rooms/${encodeURIComponent(jid)}`;
  // The incidents list holds them all, under the same filters (room= added).
  const allIncidents = hrefWith("/incidents", { ...filters, room: jid });
  const filtered = Object.keys(filters).length > 0;
  return (
    <>
      <h1 className="wrap" data-testid="room-title">
        <Breakable text={room.jid} />
      </h1>
      <section className="cards" aria-label="room totals">
        <div className="card" data-testid="room-builds">
          <div className="value">{room.builds}</div>
          <div className="label">{pluralWord(room.builds, "build blocked", "builds blocked")}</div>
        </div>
        <div className="card" data-testid="room-incidents">
          <div className="value">
            <Link href={allIncidents} aria-label={plural(room.incidents, "incident")} data-testid="room-incidents-link">
              {room.incidents}
            </Link>
          </div>
          <div className="label">{pluralWord(room.incidents, "incident")}</div>
        </div>
        <div className="card">
          <div className="value">{formatCount(room.peakQueueLen)}</div>
          <div className="label" title="the largest queue of the room's process when the monitor inspected it (message queue len of pid)">
            peak queue when inspected
          </div>
        </div>
        <div className="card">
          <div className="value small-value">{formatTime(room.firstSeen)}</div>
          <div className="label">first seen · last {formatTime(room.lastSeen)}</div>
        </div>
      </section>
      {filtered ? (
        <p className="muted small" data-testid="room-cards-filtered">
          The counts above are of the builds and incidents the filters below keep.
        </p>
      ) : null}
      <IgnoredParams keys={ignored} unread={unread} />
      <EmptyRangeNotice query={query} />
      <ScopeNotice pathname={pathname} params={{ ...filters, ...view }} incident={incident} />
      <FilterBar key={JSON.stringify(filters)} values={filters} jobs={jobs} keep={view} hideRoom hideClass />
      <section className="panel">
        <h2 title="the largest message_queue_len in each build's top list">Top-list queue of the builds it blocked</h2>
        <QueueTimelineChart points={timeline.points} query={{ ...filters }} height={260} />
      </section>
      <section className="panel">
        <h2>Incidents</h2>
        {incidents.total > incidents.items.length ? (
          <p className="muted small" data-testid="room-incidents-more">
            The latest {incidents.items.length} of {plural(incidents.total, "incident")}:{" "}
            <Link href={allIncidents} data-testid="room-incidents-all">
              all {plural(incidents.total, "incident")} of this room
            </Link>
            .
          </p>
        ) : null}
        <IncidentsTable incidents={incidents.items} compact roomOf={room.jid} caption="Incidents of this room" filters={filters} />
      </section>
      <section className="panel">
        <h2>Builds</h2>
        {/* The card counts the blocked builds, this list every build the filters keep (a pid filter
            keeps the same builds in both: those with the pid inspected or anywhere in the top list). */}
        {builds.total !== room.builds ? (
          <p className="muted small" data-testid="room-builds-note">
            Every build whose culprit is this room{filtered ? " and that the filters keep" : ""}: {plural(builds.total, "build")}, {room.builds} of
            them blocked (queue at or above the incident threshold); the others stayed below it.
          </p>
        ) : null}
        <BuildsTable builds={builds.items} roomOf={room.jid} caption="Builds of this room" filters={filters} />
        <Pagination pathname={pathname} params={{ ...filters, ...view }} page={builds.page} pageSize={builds.pageSize} total={builds.total} />
      </section>
    </>
  );
}
