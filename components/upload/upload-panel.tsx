"use client";

// Floating panel with the uploads of this session, whichever page they
// started from (the drop zone works everywhere). Its header says how they
// went in one line (33 files dropped make a long list), and the list folds
// away under it, so that the panel stops covering the page it floats over.
import { usePathname } from "next/navigation";
import { useEffect, useRef, useState, type RefObject } from "react";
import { plural } from "@/lib/wording";
import { UploadList } from "./upload-list";
import { UploadTokenForm } from "./upload-token-form";
import { useUploads } from "./upload-provider";
import { errorWhere, shownErrorText, type UploadItem } from "./upload-types";

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

/** An upload's step a screen reader is told of: started, stored (or already there), failed, waiting for the token. */
function step(item: UploadItem): string {
  switch (item.phase) {
    case "uploading":
    case "ingesting":
      return `uploading ${item.fileName}`;
    case "done":
      return item.buildsUnread ? `${item.fileName} stored` : `${item.fileName} stored: ${plural(item.builds.length + (item.omitted ?? 0), "build")}`;
    case "duplicate":
      return `${item.fileName} was already uploaded`;
    case "error": {
      // What went wrong too: the panel's error is not an alert (said once, here; upload-list.tsx).
      if (!item.error) return `${item.fileName} failed: nothing stored`;
      const where = errorWhere(item.error, item.fileName);
      const what = shownErrorText(item.error, item.fileName, where);
      return `${item.fileName} failed: ${where ? `${where}: ` : ""}${what}${/[.!?]$/.test(what) ? "" : "."} Nothing stored.`;
    }
    case "needs-token":
      return `${item.fileName} waits for the upload token`;
  }
}

/**
 * The uploads' one polite status: it is on the page before any upload (a live region created with
 * its text is not announced), and changes only when a file starts, is stored or fails, never at
 * each percent of the progress bars (the panel is not a live region: 1.5 MiB at 150 KB/s was 193
 * announcements). An error is said here with its message, and is not an alert in the panel too
 * (upload-list.tsx): it was said twice.
 */
function UploadAnnouncer({ items }: { items: readonly UploadItem[] }) {
  // What the uploads were when it appeared (leaving /upload, where the page's summary spoke) is not news.
  const said = useRef<Map<string, string> | null>(null);
  said.current ??= new Map(items.map((item) => [item.id, step(item)]));
  const [text, setText] = useState("");
  useEffect(() => {
    const news: string[] = [];
    const before = said.current ?? new Map<string, string>();
    for (const item of items) {
      const now = step(item);
      if (before.get(item.id) !== now) news.push(now);
      before.set(item.id, now);
    }
    // Set after the render that changed the uploads: what changed since the last one, in one line.
    if (news.length > 0) queueMicrotask(() => setText(news.join("; ")));
  }, [items]);
  return (
    <p className="visually-hidden" aria-live="polite" data-testid="upload-announcer">
      {text}
    </p>
  );
}

/**
 * While the panel shows, the page keeps its height clear at the bottom: scrolling an element into
 * view (a Tab) stops above it (scroll-padding-bottom), and the page has that much room below its end
 * to scroll into (body padding): a Tab stop is never hidden under the panel (WCAG 2.4.11). Both
 * read --upload-panel-clear (globals.css), set here from the panel's size.
 */
function useClearBelow(panel: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const element = panel.current;
    if (!element) return;
    const root = document.documentElement;
    const clear = () => {
      // From the panel's top to the bottom of the window (its height and its 1rem margin), and a little air.
      const top = element.getBoundingClientRect().top;
      root.style.setProperty("--upload-panel-clear", `${Math.max(0, Math.ceil(window.innerHeight - top + 8))}px`);
    };
    clear();
    const observer = new ResizeObserver(clear);
    observer.observe(element);
    window.addEventListener("resize", clear);
    return () => {
      observer.disconnect();
      window.removeEventListener("resize", clear);
      root.style.removeProperty("--upload-panel-clear");
    };
  }, [panel]);
}

export function UploadPanel() {
  const { items } = useUploads();
  const pathname = usePathname();
  // The upload page lists them in the page itself, with its own live summary (upload-history.tsx).
  const onUploadPage = pathname === "/upload";
  return (
    <>
      {onUploadPage ? null : <UploadAnnouncer items={items} />}
      {items.length === 0 || onUploadPage ? null : <UploadPanelBox />}
    </>
  );
}

function UploadPanelBox() {
  const { items, dismiss } = useUploads();
  const [folded, setFolded] = useState(false);
  const box = useRef<HTMLElement>(null);
  useClearBelow(box);
  const busy = items.some((item) => item.phase === "uploading" || item.phase === "ingesting");
  return (
    // Not a live region (UploadAnnouncer says what matters); after the header in the DOM (layout.tsx), so that it is
    // reached by Tab right after the header, not only after the whole page; fixed at the bottom right all the same.
    <aside ref={box} className="upload-panel" aria-label="uploads" data-testid="upload-panel" data-folded={folded ? "true" : undefined}>
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
