"use client";

// Floating panel with the uploads of this session, whichever page they
// started from (the drop zone works everywhere).
import { usePathname } from "next/navigation";
import { UploadList } from "./upload-list";
import { UploadTokenForm } from "./upload-token-form";
import { useUploads } from "./upload-provider";

export function UploadPanel() {
  const { items, dismiss } = useUploads();
  const pathname = usePathname();
  // The upload page lists them in the page itself.
  if (items.length === 0 || pathname === "/upload") return null;
  const busy = items.some((item) => item.phase === "uploading" || item.phase === "ingesting");
  return (
    <aside className="upload-panel" aria-label="uploads" aria-live="polite" data-testid="upload-panel">
      <header>
        <strong>Uploads</strong>
        <button type="button" className="link-button" onClick={dismiss} disabled={busy} data-testid="upload-dismiss">
          clear
        </button>
      </header>
      <UploadTokenForm />
      <UploadList items={items} />
    </aside>
  );
}
