"use client";

import { UploadList } from "./upload-list";
import { useUploads } from "./upload-provider";

/** The session's uploads in the page itself (the /upload page), besides the floating panel. */
export function UploadHistory() {
  const { items } = useUploads();
  if (items.length === 0) return null;
  return (
    <section className="panel" data-testid="upload-history">
      <h2>This session</h2>
      <UploadList items={items} />
    </section>
  );
}
