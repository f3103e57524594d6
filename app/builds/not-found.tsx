import Link from "next/link";

export default function BuildNotFound() {
  return (
    <section className="empty" data-testid="not-found">
      <h1>Build not found</h1>
      <p>No uploaded log has this build. It may not have been uploaded yet.</p>
      <p>
        <Link href="/builds">All builds</Link> · <Link href="/upload">Upload a log</Link>
      </p>
    </section>
  );
}
