import { Breakable } from "./breakable";

/**
 * A room in a list: its name, then its host, muted. One name may be a room on two MUC hosts
 * (`pocket48_…@conference.easemob.com`, `pocket48_…@conference.im.example.cn`): with the host
 * in a tooltip alone, the lists showed them as one room. Text, never HTML.
 */
export function RoomName({ jid }: { jid: string }) {
  const at = jid.lastIndexOf("@");
  if (at <= 0) return <Breakable text={jid} />;
  return (
    <>
      <Breakable text={jid.slice(0, at)} />
      <span className="room-host" data-testid="room-host">
        <Breakable text={jid.slice(at)} />
      </span>
    </>
  );
}
