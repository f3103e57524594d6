import Link from "next/link";
import { EmptyList } from "@/components/overview/nothing-stored";
import type { RoomSummary } from "@/lib/db/queries";
import { Breakable } from "@/components/ui/breakable";
import { formatCount, formatTime, roomHref } from "@/components/ui/format";

/** The seed's hand-made tally, computed: which rooms blocked how many builds, when, how badly. */
/** `filtered`: the page's filters narrowed the list (then an empty one says that, not that no room ever blocked a build). */
/** `nothingStored`: no log is stored at all (then it says where logs come from). */
/** `filters`: the page's, which each room's link keeps (its page then counts what its row counts). */
export function RoomsTable({
  rooms,
  filtered = false,
  nothingStored = false,
  filters,
}: {
  rooms: RoomSummary[];
  filtered?: boolean;
  nothingStored?: boolean;
  filters?: Readonly<Record<string, string | undefined>>;
}) {
  if (rooms.length === 0) {
    return (
      <EmptyList testId="rooms-empty" what="rooms" nothingStored={nothingStored}>
        {filtered ? "No room blocked a build that these filters keep." : "No room has blocked a build yet."}
      </EmptyList>
    );
  }
  return (
    <div className="table-wrap">
      <table className="table" data-testid="rooms-table">
        <caption className="visually-hidden">Rooms</caption>
        <thead>
          <tr>
            <th className="key-col">room</th>
            <th>host</th>
            <th className="num">builds blocked</th>
            <th className="num">incidents</th>
            <th>first seen</th>
            <th>last seen</th>
            <th className="num" title="the largest queue of the room's process when the monitor inspected it (message queue len of pid)">
              peak queue
              <br />
              when inspected
            </th>
          </tr>
        </thead>
        <tbody>
          {rooms.map((room) => (
            <tr key={room.jid} data-testid="room-row" data-jid={room.jid}>
              <th scope="row" className="key-col">
                <Link href={roomHref(room.jid, filters)} data-testid="room-link">
                  <Breakable text={room.name} />
                </Link>
              </th>
              <td className="wrap">
                <Breakable text={room.host} />
              </td>
              <td className="num" data-testid="room-builds">
                {room.builds}
              </td>
              <td className="num" data-testid="room-incidents">
                {room.incidents}
              </td>
              <td className="nowrap">{formatTime(room.firstSeen)}</td>
              <td className="nowrap">{formatTime(room.lastSeen)}</td>
              <td className="num">{formatCount(room.peakQueueLen)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
