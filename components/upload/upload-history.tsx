"use client";

import { UploadList } from "./upload-list";
import { uploadSummary } from "./upload-panel";
import { useUploads } from "./upload-provider";

/** The session's uploads in the page itself (the /upload page), besides the floating panel: how they went in one line, then each. */
export function UploadHistory() {
  const { items } = useUploads();
  if (items.length === 0) return null;
  return (
    <section className="panel" data-testid="upload-history">
      <h2>This session</h2>
      <p className="muted small" data-testid="upload-summary" aria-live="polite">
        {uploadSummary(items)}
      </p>
      <UploadList items={items} />
    </section>
  );
}
