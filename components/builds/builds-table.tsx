import Link from "next/link";
import type { BuildSummary, TopPlace } from "@/lib/db/queries";
import { Breakable } from "@/components/ui/breakable";
import { RoomName } from "@/components/ui/room-name";
import { ClassBadge, HealthyBadge } from "@/components/ui/class-badge";
import { stuckOfBuild } from "@/components/build/stuck-process";
import { buildLabel, formatCount, formatTime, isPidText, roomHref } from "@/components/ui/format";
import { EmptyList } from "@/components/overview/nothing-stored";
import { ariaSort, type Sorted } from "@/components/filters/sort-links";

/** A pid's place in one build's top list: "#2 · 778", or a dash when the list does not name it (the build inspected it alone). */
function PidPlace({ place }: { place: TopPlace | undefined }) {
  return (
    <td className="num nowrap" data-testid="build-pid-place">
      {place ? (
        <>
          <span className="muted">#{place.rank} ·</span> {formatCount(place.queueLen)}
        </>
      ) : (
        <span title="not in this build's top list">—</span>
      )}
    </td>
  );
}

/**
 * `roomOf`: the room the page is about (a room's page). When every build's room is that one, the
 * "room / details" column would repeat the page's title in every row: it is left out.
 */
export function BuildsTable({
  builds,
  roomOf,
  nothingStored = false,
  sorted,
  caption = "Builds",
  pidPlaces,
  filters,
}: {
  builds: BuildSummary[];
  /** The page's filters: a room's link keeps their scope. */
  filters?: Readonly<Record<string, string | undefined>>;
  /** The table's name for a screen reader (a visually hidden caption). */
  caption?: string;
  /** The list's sort (the builds page): its column's header says it (aria-sort). */
  sorted?: Sorted;
  roomOf?: string;
  /** No log is stored at all: an empty list says where logs come from. */
  nothingStored?: boolean;
  /**
   * The list is filtered by a pid: its own place in each build's top list (rank and queue), a column
   * of its own. The "top-list queue" is the list's largest, often another process's.
   */
  pidPlaces?: { pid: string; places: Map<number, TopPlace> };
}) {
  if (builds.length === 0) {
    return (
      <EmptyList testId="builds-empty" what="builds" nothingStored={nothingStored}>
        No builds match.
      </EmptyList>
    );
  }
  const subjectColumn = roomOf === undefined || builds.some((build) => build.room !== roomOf);
  return (
    <div className="table-wrap">
      <table className="table" data-testid="builds-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th className="key-col" aria-sort={ariaSort(sorted, "job", "number")}>build</th>
            <th aria-sort={ariaSort(sorted, "startedAt")}>started</th>
            <th className="num" aria-sort={ariaSort(sorted, "queueLen")} title="the largest message_queue_len in the monitor's top list, measured first">
              top-list queue
            </th>
            {pidPlaces ? (
              <th className="num head-wrap" title={`where ${pidPlaces.pid} sat in the build's top list: its rank and its message_queue_len`} data-testid="build-pid-place-head">
                <span className="mono nowrap">{pidPlaces.pid}</span> in the top list
              </th>
            ) : null}
            <th title="the process the monitor inspected (its top list's worst): in an incident build, the stuck one">inspected pid</th>
            <th>culprit</th>
            {subjectColumn ? <th>room / details</th> : null}
          </tr>
        </thead>
        <tbody>
          {builds.map((build) => {
            const stuck = stuckOfBuild(build);
            return (
              <tr key={build.id} data-testid="build-row">
                <th scope="row" className="key-col">
                  <Link href={build.permalink}>
                    <Breakable text={buildLabel(build)} />
                  </Link>
                </th>
                <td className="nowrap">{formatTime(build.startedAt)}</td>
                <td className="num">{formatCount(build.worstQueueLen)}</td>
                {pidPlaces ? <PidPlace place={pidPlaces.places.get(build.id)} /> : null}
                <td className="mono" data-testid="build-pid">
                  <span className={build.inspectedPid && isPidText(build.inspectedPid) ? "nowrap" : undefined}>{build.inspectedPid ?? "—"}</span>
                  {stuck?.name ? <span data-testid="build-pid-name"> ({stuck.name})</span> : null}
                  {build.dead ? <span className="danger"> (dead)</span> : null}
                </td>
                <td data-testid="build-class">
                  {build.incident ? (
                    // An incident whose run inspected no process has no class of its own: its incident's
                    // (unknown until one of its builds inspects the process), which the class filter follows.
                    <ClassBadge value={build.culprit?.class ?? build.incidentClass ?? "unknown"} />
                  ) : (
                    <HealthyBadge value={build.culprit?.class} />
                  )}
                </td>
                {subjectColumn ? (
                  <td className="wrap" data-testid="build-subject">
                    {build.room ? (
                      <Link href={roomHref(build.room, filters)} title={build.room}>
                        <RoomName jid={build.room} />
                      </Link>
                    ) : build.culprit ? (
                      <Breakable text={stuck?.brief ?? ""} />
                    ) : build.incident && build.inspectedPid === null ? (
                      // Nothing was inspected: say so, and which process its incident follows.
                      <span data-testid="build-uninspected">
                        no process inspected in this build
                        {build.topPid ? (
                          <>
                            ; rank 1 of the top list: <span className="mono nowrap">{build.topPid}</span>
                          </>
                        ) : null}
                      </span>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
