"use client";

import { useEffect } from "react";

export default function ErrorPage({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <section className="empty" data-testid="error-page" role="alert">
      <h1>Something went wrong</h1>
      <p>The page could not be loaded{error.digest ? ` (reference ${error.digest})` : ""}.</p>
      <button type="button" onClick={() => retry()}>
        Try again
      </button>
    </section>
  );
}
