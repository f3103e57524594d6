import Link from "next/link";

export default function RoomNotFound() {
  return (
    <section className="empty" data-testid="not-found">
      <h1>Room not found</h1>
      <p>No stored build names this room as what filled its stuck process: a room is listed while a build does.</p>
      <p>
        <Link href="/rooms">All rooms</Link> · <Link href="/upload">Upload a log</Link>
      </p>
    </section>
  );
}
