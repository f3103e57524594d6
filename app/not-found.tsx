import type { Metadata } from "next";
import Link from "next/link";

// Its own title: a page that is not there no longer reads as the overview in a tab or a screen reader.
export const metadata: Metadata = { title: "Not found · Mailbox incident dashboard" };

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
