"use client";

import { useEffect } from "react";
import { DATABASE_UNAVAILABLE_DIGEST } from "@/lib/unavailable-digest";

export default function ErrorPage({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  // The database did not answer (lib/db/client.ts tags such errors): nothing is wrong with the page.
  const unavailable = error.digest === DATABASE_UNAVAILABLE_DIGEST;
  return (
    <section className="empty" data-testid="error-page" data-reason={unavailable ? "database-unavailable" : undefined} role="alert">
      {unavailable ? (
        <>
          <h1>The database cannot be reached</h1>
          <p>
            The dashboard&apos;s database did not answer: it is down, restarting or not migrated yet. Nothing stored is lost; try again in a
            minute. <code>GET /api/health</code> says when it is back.
          </p>
        </>
      ) : (
        <>
          <h1>Something went wrong</h1>
          <p>The page could not be loaded{error.digest ? ` (reference ${error.digest})` : ""}.</p>
        </>
      )}
      <button type="button" onClick={() => retry()}>
        Try again
      </button>
    </section>
  );
}
