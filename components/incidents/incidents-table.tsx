import Link from "next/link";
import { EmptyList } from "@/components/overview/nothing-stored";
import type { IncidentDto } from "@/lib/db/queries";
import { Breakable } from "@/components/ui/breakable";
import { RoomName } from "@/components/ui/room-name";
import { ClassBadge } from "@/components/ui/class-badge";
import { CLASS_LABELS } from "@/components/ui/culprit-classes";
import { stuckProcess } from "@/components/build/stuck-process";
import { buildLabel, formatAge, formatCount, formatTime, incidentDuration, NUMBERS_SPANNED_TITLE, roomHref } from "@/components/ui/format";
import { TableTime } from "@/components/ui/table-time";
import { peakWhen } from "@/components/incidents/peak";
import { ariaSort, type Sorted } from "@/components/filters/sort-links";
import { plural } from "@/lib/wording";

/** The incident's stuck process: its pid (the key, when the incident follows a pid) and what its subject says. */
function stuckOf(incident: IncidentDto) {
  return stuckProcess({
    culpritClass: incident.culpritClass,
    subject: incident.subject,
    pid: incident.keyKind === "pid" ? incident.key : null,
    uninspected: incident.provisional,
  });
}

/** Pids a room incident's cell names before "and N more" (a room restarted many times). */
const ROOM_PIDS_SHOWN = 2;

/**
 * The room's stuck process, by pid: what the seed's reader followed ("the same pid stuck on one
 * room for eleven builds"), each a link to the builds it is in.
 */
function RoomPids({ pids }: { pids: string[] }) {
  if (pids.length === 0) return null;
  const shown = pids.slice(0, ROOM_PIDS_SHOWN);
  return (
    <div className="muted small room-pids" data-testid="incident-room-pids">
      {pids.length === 1 ? "pid " : "pids "}
      {shown.map((pid, i) => (
        <span key={pid}>
          {i > 0 ? ", " : null}
          <Link className="mono nowrap" href={`/builds?${new URLSearchParams({ pid })}`} title="the builds this pid is in" data-testid="incident-room-pid">
            {pid}
          </Link>
        </span>
      ))}
      {pids.length > shown.length ? ` and ${plural(pids.length - shown.length, "more", "more")}` : null}
    </div>
  );
}

/** First and last build as `#25877 → #25878`, or one build; snapshots by their time. */
function spanLabel(incident: IncidentDto): string {
  const first = buildLabel(incident.firstBuild, { short: true });
  return incident.lastBuild.permalink === incident.firstBuild.permalink ? first : `${first} → ${buildLabel(incident.lastBuild, { short: true })}`;
}

/**
 * One line naming an incident: its id, culprit, the stuck process or room, and span of builds
 * (`incident #5: SQL connection <0.1.0>, #27044 → #27050`; a snapshot by its time, not `#?`).
 */
export function incidentLabel(incident: IncidentDto): string {
  const stuck = stuckOf(incident);
  const who = incident.room
    ? incident.room
    : stuck.pid
      ? `${stuck.pid}${stuck.name && incident.culpritClass !== "rpc" ? ` (${stuck.name})` : ""}`
      : (incident.subject ?? incident.key);
  return `incident #${incident.id}: ${CLASS_LABELS[incident.culpritClass] ?? incident.culpritClass} ${who}, ${spanLabel(incident)}`;
}

/** `filters`: the list's, which the room's link carries (roomHref). */
export function StuckCell({ incident, filters }: { incident: IncidentDto; filters?: Readonly<Record<string, string | undefined>> }) {
  if (incident.room) {
    return (
      <>
        <Link href={roomHref(incident.room, filters)} title={incident.room}>
          <RoomName jid={incident.room} />
        </Link>
        <RoomPids pids={incident.pids} />
      </>
    );
  }
  const stuck = stuckOf(incident);
  if (!stuck.pid) {
    return (
      <span className="mono">
        <Breakable text={incident.subject ?? incident.key} />
      </span>
    );
  }
  return (
    <>
      <span className="mono" data-testid="incident-stuck-pid">
        {stuck.pid}
      </span>
      {stuck.name ? ` (${stuck.name})` : null}
      {stuck.brief ? (
        <div className="muted small">
          <Breakable text={stuck.brief} />
        </div>
      ) : null}
    </>
  );
}

/**
 * A first or last build, named short (a snapshot's time wraps at its spaces, a job at its
 * punctuation); the whole name, job included, on hover. `withJob` where no job column
 * says which job's `#501` it is.
 */
/** A link to an incident's build: short (`#25846`), its whole name (with `job`) in the title. */
export function BuildLink({ build, job = null, withJob = false, testId }: { build: IncidentDto["firstBuild"]; job?: string | null; withJob?: boolean; testId?: string }) {
  return (
    <Link href={build.permalink} title={buildLabel({ ...build, job })} data-testid={testId}>
      <Breakable text={buildLabel({ ...build, job }, { short: true, job: withJob })} />
    </Link>
  );
}

/** Incidents: the same culprit on top across consecutive builds of a job. */
/**
 * `roomOf`: the room the page is about (a room's page). When every incident is of that room, the
 * "stuck process / room" column would repeat the page's title in every row (on a phone it took the
 * width the other columns needed): it is left out.
 */
export function IncidentsTable({
  incidents,
  compact = false,
  roomOf,
  nothingStored = false,
  sorted,
  caption = "Incidents",
  filters,
}: {
  incidents: IncidentDto[];
  /** The page's filters: a room's link keeps their scope. */
  filters?: Readonly<Record<string, string | undefined>>;
  /** The table's name for a screen reader (a visually hidden caption). */
  caption?: string;
  /** The list's sort (the incidents page): its column's header says it (aria-sort). */
  sorted?: Sorted;
  compact?: boolean;
  roomOf?: string;
  /** No log is stored at all: an empty list says where logs come from. */
  nothingStored?: boolean;
}) {
  if (incidents.length === 0) {
    return (
      <EmptyList testId="incidents-empty" what="incidents" nothingStored={nothingStored}>
        No incidents match.
      </EmptyList>
    );
  }
  const stuckColumn = roomOf === undefined || incidents.some((incident) => incident.room !== roomOf);
  // Under a job filter every row's job is that one, named in the filter bar: its column would repeat
  // it in every row, and its width cut off the table's last column (an operator's review).
  const jobColumn = !compact && (filters?.job === undefined || incidents.some((incident) => incident.job !== filters.job));
  return (
    <div className="table-wrap">
      <table role="table" className="table phone-cards" data-testid="incidents-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead role="rowgroup">
          <tr role="row">
            <th role="columnheader">culprit</th>
            {stuckColumn ? <th role="columnheader" title="the stuck process (the inspected pid), or the room whose stanzas fill it">stuck process / room</th> : null}
            {jobColumn ? <th role="columnheader">job</th> : null}
            <th role="columnheader" aria-sort={ariaSort(sorted, "lastAt", "firstAt")}>when</th>
            <th role="columnheader" aria-sort={ariaSort(sorted, "durationMs")}>duration</th>
            <th role="columnheader" className="num" aria-sort={ariaSort(sorted, "buildCount")}>
              builds
            </th>
            <th role="columnheader"
              className="num"
              aria-sort={ariaSort(sorted, "peakQueueLen")}
              title="the largest queue of the stuck process when the monitor inspected it (message queue len of pid; its top-list queue if it died first, or if no process was inspected, said under it); the figure links to the build that gave it"
            >
              peak queue
              <br />
              when inspected
            </th>
            <th role="columnheader">first / last build</th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          {incidents.map((incident) => (
            <tr role="row" key={incident.id} data-testid="incident-row">
              <td role="cell" className="card-head">
                <ClassBadge value={incident.culpritClass} />
              </td>
              {stuckColumn ? (
                <td role="cell" className="wrap card-head">
                  <StuckCell incident={incident} filters={filters} />
                </td>
              ) : null}
              {!jobColumn ? null : (
                <td role="cell" className="job-cell" data-label="job" data-testid="incident-job">
                  <Breakable text={incident.job ?? "—"} />
                </td>
              )}
              <td role="cell" data-label="when" data-testid="incident-when">
                <TableTime value={incident.firstAt} />
                {/* Also in the overview's compact list, which is sorted by the last time: without it, rows looked out of order (an operator's review). */}
                {incident.lastAt !== incident.firstAt ? (
                  <div className="muted small">
                    to <TableTime value={incident.lastAt} />
                  </div>
                ) : null}
                {/* Its process still in the top list after its last culprit build: where the problem ended. */}
                {incident.lastSeenBuild && incident.lastSeenBuild.permalink !== incident.lastBuild.permalink ? (
                  <div className="muted small" data-testid="incident-last-seen">
                    in the top list until{" "}
                    {incident.lastSeenAt && incident.lastSeenAt !== incident.lastAt ? (
                      <TableTime value={incident.lastSeenAt} />
                    ) : (
                      <Link href={incident.lastSeenBuild.permalink}>{buildLabel(incident.lastSeenBuild, { short: true })}</Link>
                    )}
                  </div>
                ) : null}
              </td>
              <td role="cell" className="nowrap" data-label="duration" data-testid="incident-duration" title="from the earliest start time among its builds to the latest">
                {incidentDuration(incident)}
              </td>
              <td role="cell" className="num" data-label="builds">
                <Link href={`/builds?incidentId=${incident.id}`} title="this incident's builds" aria-label={`${formatCount(incident.buildCount)} build${incident.buildCount === 1 ? "" : "s"} of this incident`} data-testid="incident-builds">
                  {incident.buildCount}
                </Link>
                <NumbersSpanned incident={incident} />
              </td>
              <td role="cell" className="num" data-label="peak queue when inspected">
                {incident.peakBuild && incident.buildCount > 1 ? (
                  // Which of its builds: a link to the worst one.
                  <Link
                    href={incident.peakBuild.permalink}
                    title={`${buildLabel({ ...incident.peakBuild, job: incident.job })}: the build with its largest queue`}
                    data-testid="incident-peak"
                  >
                    {formatCount(incident.peakQueueLen)}
                  </Link>
                ) : (
                  <span data-testid="incident-peak">{formatCount(incident.peakQueueLen)}</span>
                )}
                {peakWhen(incident) !== "when inspected" ? (
                  // The column's "when inspected" does not hold: nothing was inspected in that build, or
                  // its process was gone by the check (its top-list queue, or as read before it was gone).
                  <div className="muted small" data-testid="incident-peak-note">
                    {peakWhen(incident)}
                  </div>
                ) : null}
              </td>
              <td role="cell" className="build-cell" data-label="first / last build">
                {/* Without the job column (compact), the first build names its job; the last is of the same job. */}
                <BuildLink build={incident.firstBuild} job={incident.job} withJob={compact} testId="incident-first" />
                {incident.lastBuild.permalink !== incident.firstBuild.permalink ? (
                  <>
                    {"\u00a0→ "}
                    <BuildLink build={incident.lastBuild} job={incident.job} withJob={false} testId="incident-last" />
                  </>
                ) : null}
                {incident.ongoing ? (
                  // What is stuck now (the grouping left it open): its process was on top, or still in the
                  // top list, in the job's latest build stored.
                  <div
                    className="small"
                    data-testid="incident-ongoing"
                    title="its process was still on top, or in the top list, in the latest build stored of its job (of its node, for snapshots that name one), however old that build is"
                  >
                    <strong>ongoing</strong> at {ongoingWhere(incident)}
                    <OngoingSince incident={incident} />
                  </div>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Where an ongoing incident is open: its job's latest build, or, for a snapshot that names its node
 * (etop, recon), that node's latest snapshot (the grouping keeps a node's incident open across
 * other nodes' snapshots: a review found "the job's latest build" said of one that was not).
 */
export function ongoingWhere(incident: Pick<IncidentDto, "lastSeenBuild" | "lastBuild"> & { job?: string | null }): string {
  if ((incident.lastSeenBuild ?? incident.lastBuild).node) return "its node's latest snapshot";
  // Builds that name no job are grouped as one (README): "the job's" named a job there is none of (an operator's review).
  return incident.job === null ? "the latest build without a job" : "the job's latest build";
}

/**
 * `, #27140, 11 years ago`: which build that latest one is (unless it is the incident's last build,
 * named beside it already), and how long ago it ran. "Ongoing" reads as "now" (a new user's review):
 * an incident open at a latest build of years ago is not. The latest build is the last one its
 * process was seen in (the grouping kept it open there); an incident stored by an older version
 * knows none (`lastSeenBuild` null until its job is regrouped), and names none.
 */
export function OngoingSince({ incident }: { incident: Pick<IncidentDto, "lastSeenBuild" | "lastBuild"> }) {
  const latest = incident.lastSeenBuild;
  if (latest === null) return null;
  // Its last build, named beside it already ("#3 → #5", "from #3 to #5"): its age alone.
  const named = latest.permalink === incident.lastBuild.permalink;
  return (
    <>
      {named ? null : (
        <>
          , <BuildLink build={latest} testId="incident-ongoing-build" />
        </>
      )}
      {latest.startedAt ? (
        <>
          ,{" "}
          <span title={formatTime(latest.startedAt)} data-testid="incident-ongoing-age">
            {formatAge(latest.startedAt)}
          </span>
        </>
      ) : null}
    </>
  );
}

/** `11 of 1,565 numbers`, under an incident's build count when its builds miss some numbers from its first to its last. */
function NumbersSpanned({ incident }: { incident: IncidentDto }) {
  const { numbers } = incident;
  if (numbers === null) return null;
  return (
    // "numbers" may go under the count: kept on one line, it made the column 162 px wide and cut
    // off the table's last column at 1280 px (an operator's review).
    <div className="muted small" title={NUMBERS_SPANNED_TITLE} data-testid="incident-numbers">
      <span className="nowrap">
        {formatCount(numbers.stored)} of {formatCount(numbers.to - numbers.from + 1)}
      </span>{" "}
      numbers
    </div>
  );
}
