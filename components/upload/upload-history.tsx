"use client";

import { useEffect, useRef } from "react";
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
  const section = useRef<HTMLElement>(null);
  // The newest entry (first in the list, which keeps 50: its length stops growing, its head does not).
  const newest = items[0]?.id ?? null;
  const seen = useRef(newest);
  // A file picked or dropped: its entry into sight when it is below the screen (on a phone the
  // list sits under the form, and nothing visible changed: an operator-UX review). "nearest"
  // leaves a list already in sight where it is.
  useEffect(() => {
    if (newest !== null && newest !== seen.current) section.current?.scrollIntoView({ block: "nearest" });
    seen.current = newest;
  }, [newest]);
  // Before the first upload, only the live summary, empty and unseen: a live region created with its
  // first text ("1 in progress") is not announced, so it is there from the start; the same node then.
  return (
    <section ref={section} className={empty ? "visually-hidden" : "panel"} data-testid={empty ? undefined : "upload-history"}>
      {empty ? null : <h2>This session</h2>}
      <p className="muted small" data-testid="upload-summary" aria-live="polite">
        {uploadSummary(items)}
      </p>
      {empty ? null : <UploadList items={items} errorsAlert />}
    </section>
  );
}
