import Link from "next/link";

export default function NotFound() {
  return (
    <section className="empty" data-testid="not-found">
      <h1>Not found</h1>
      <p>There is nothing at this address.</p>
      <p>
        <Link href="/">Back to the overview</Link>
      </p>
    </section>
  );
}
