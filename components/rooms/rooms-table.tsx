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
      {/* On a phone, a list of cards (as the incidents list): as a table its counts were a screen to the right of the room (an operator's review). */}
      <table role="table" className="table phone-cards" data-testid="rooms-table">
        <caption className="visually-hidden">Rooms</caption>
        <thead role="rowgroup">
          <tr role="row">
            <th role="columnheader" className="key-col">room</th>
            <th role="columnheader">host</th>
            <th role="columnheader" className="num">builds blocked</th>
            <th role="columnheader" className="num">incidents</th>
            <th role="columnheader">first seen</th>
            <th role="columnheader">last seen</th>
            <th role="columnheader" className="num" title="the largest queue of the room's process when the monitor inspected it (message queue len of pid)">
              peak queue
              <br />
              when inspected
            </th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          {rooms.map((room) => (
            <tr role="row" key={room.jid} data-testid="room-row" data-jid={room.jid}>
              <th role="rowheader" scope="row" className="key-col card-head">
                <Link href={roomHref(room.jid, filters)} data-testid="room-link">
                  <Breakable text={room.name} />
                </Link>
              </th>
              <td role="cell" className="wrap card-head">
                <Breakable text={room.host} />
              </td>
              <td role="cell" className="num" data-label="builds blocked" data-testid="room-builds">
                {room.builds}
              </td>
              <td role="cell" className="num" data-label="incidents" data-testid="room-incidents">
                {room.incidents}
              </td>
              <td role="cell" className="nowrap" data-label="first seen">
                {formatTime(room.firstSeen)}
              </td>
              <td role="cell" className="nowrap" data-label="last seen">
                {formatTime(room.lastSeen)}
              </td>
              <td role="cell" className="num" data-label="peak queue when inspected">
                {formatCount(room.peakQueueLen)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
