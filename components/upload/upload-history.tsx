"use client";

import { UploadList } from "./upload-list";
import { uploadSummary } from "./upload-panel";
import { useUploads } from "./upload-provider";

/**
 * The session's uploads in the page itself (the /upload page, where the floating panel and its
 * polite status are not shown): how they went in one line, then each, a failure as an alert.
 */
export function UploadHistory() {
  const { items } = useUploads();
  const empty = items.length === 0;
  // Before the first upload, only the live summary, empty and unseen: a live region created with its
  // first text ("1 in progress") is not announced, so it is there from the start; the same node then.
  return (
    <section className={empty ? "visually-hidden" : "panel"} data-testid={empty ? undefined : "upload-history"}>
      {empty ? null : <h2>This session</h2>}
      <p className="muted small" data-testid="upload-summary" aria-live="polite">
        {uploadSummary(items)}
      </p>
      {empty ? null : <UploadList items={items} errorsAlert />}
    </section>
  );
}
