import { RoomName } from "@/components/ui/room-name";
import { checkRoomFilter } from "@/lib/db/queries";
import { SimilarLinks } from "./similar-links";

/**
 * Under a list filtered by `room`, when no stored room has that name or JID: says so, and offers
 * the rooms whose JID holds the text (the filter is exact; `snh-48` is no room's name). Nothing
 * when the room exists (an empty list then means what it says).
 */
export async function RoomHint({ room, pathname, params }: { room: string | undefined; pathname: string; params: Record<string, string | number | undefined | null> }) {
  if (!room) return null;
  const check = await checkRoomFilter(room);
  if (check.exists) return null;
  return (
    <p className="notice" role="status" data-testid="room-hint">
      No stored room is named <strong>{room}</strong>: the room filter takes a room&apos;s whole name (before the @) or its JID.
      <SimilarLinks
        values={check.similar}
        more={check.more}
        lead={{ one: "The room whose JID holds it:", many: "Rooms whose JID holds it:" }}
        param="room"
        pathname={pathname}
        params={params}
        testId="room-hint-link"
        show={(jid) => <RoomName jid={jid} />}
      />
    </p>
  );
}
