"use client";

// Floating panel with the uploads of this session, whichever page they
// started from (the drop zone works everywhere). Its header says how they
// went in one line (33 files dropped make a long list), and the list folds
// away under it, so that the panel stops covering the page it floats over.
import { usePathname } from "next/navigation";
import { useState } from "react";
import { UploadList } from "./upload-list";
import { UploadTokenForm } from "./upload-token-form";
import { useUploads } from "./upload-provider";
import type { UploadItem } from "./upload-types";

/** `2 in progress · 31 stored · 1 already uploaded · 1 failed`: the uploads by how they went. */
export function uploadSummary(items: readonly UploadItem[]): string {
  const count = (...phases: UploadItem["phase"][]) => items.filter((item) => phases.includes(item.phase)).length;
  const parts: [number, string][] = [
    [count("uploading", "ingesting"), "in progress"],
    [count("done"), "stored"],
    [count("duplicate"), "already uploaded"],
    [count("error"), "failed"],
    [count("needs-token"), "waiting for the token"],
  ];
  return parts
    .filter(([n]) => n > 0)
    .map(([n, what]) => `${n.toLocaleString("en-US")} ${what}`)
    .join(" · ");
}

export function UploadPanel() {
  const { items, dismiss } = useUploads();
  const pathname = usePathname();
  const [folded, setFolded] = useState(false);
  // The upload page lists them in the page itself.
  if (items.length === 0 || pathname === "/upload") return null;
  const busy = items.some((item) => item.phase === "uploading" || item.phase === "ingesting");
  return (
    <aside className="upload-panel" aria-label="uploads" aria-live="polite" data-testid="upload-panel" data-folded={folded ? "true" : undefined}>
      <header>
        <strong>Uploads</strong>
        <span className="muted small" data-testid="upload-summary">
          {uploadSummary(items)}
        </span>
        <span className="upload-panel-actions">
          <button
            type="button"
            className="link-button"
            aria-expanded={!folded}
            aria-controls="upload-panel-body"
            onClick={() => setFolded(!folded)}
            data-testid="upload-fold"
          >
            {folded ? "show" : "hide"}
          </button>
          <button type="button" className="link-button" onClick={dismiss} disabled={busy} data-testid="upload-dismiss">
            clear
          </button>
        </span>
      </header>
      {/* Outside the folded part: a file waiting for the token waits for this form. */}
      <UploadTokenForm />
      <div id="upload-panel-body" hidden={folded}>
        <UploadList items={items} />
      </div>
    </aside>
  );
}
