"use client";

// Deletes an uploaded log (DELETE /api/logs/{id}) after a second click that says what goes: the
// log, its builds with their samples, and the incidents they alone made. With INGEST_TOKEN set,
// it sends the upload token this tab keeps (entered on the upload page).
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { useUploads } from "@/components/upload/upload-provider";
import { plural } from "@/lib/wording";
import { useSayDeleted } from "./deletion-status";
import { LOGS_HEADING_ID } from "./logs-heading";

/**
 * Where focus goes once a log is deleted: its row is about to go, and the disabled "deleting…" had
 * left focus on the page's body. The next row's "delete", else the previous row's (the last row was
 * deleted), else the page's heading (no row left on the page).
 */
function focusAfterDeleting(row: Element | null): void {
  const deleteIn = (other: Element | null | undefined) => other?.querySelector<HTMLElement>("[data-testid=log-delete]") ?? null;
  const target = deleteIn(row?.nextElementSibling) ?? deleteIn(row?.previousElementSibling) ?? document.getElementById(LOGS_HEADING_ID);
  target?.focus();
}

/** What the second click asks: the builds that go, and those another console prints too, which move there instead. */
export function deleteQuestion(builds: number, shared: number): string {
  if (shared <= 0 || shared > builds) return `Delete it and its ${plural(builds, "build")}?`;
  const moving = shared === 1 ? "1 snapshot another console prints too moves there" : `${shared} snapshots another console prints too move there`;
  if (shared === builds) return `Delete it? (${builds === 1 ? "its build is kept" : `its ${builds} builds are kept`}: ${moving})`;
  return `Delete it and ${builds - shared} of its ${plural(builds, "build")}? (${moving})`;
}

type Phase = { kind: "idle" } | { kind: "confirm" } | { kind: "deleting" } | { kind: "failed"; message: string; needsToken: boolean };

/**
 * `shared`: builds of the log another console prints too (LogListItem's), which a deletion moves
 * there: the question counts them apart from the builds that go.
 */
export function DeleteLogButton({ id, fileName, buildCount, shared = 0 }: { id: number; fileName: string; buildCount: number; shared?: number }) {
  const router = useRouter();
  const { fetchWithToken } = useUploads();
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  /**
   * Focus follows the question: each step's button replaces the one that had focus, which would leave
   * focus on the page's body. "keep it" when the question appears (its group's name asks it), "close"
   * on a refusal, "delete" again after either; only after a step the user took (never on first render).
   */
  const focusNext = useRef(false);
  const button = useRef<HTMLButtonElement>(null);
  const question = useId();
  const group = useRef<HTMLSpanElement>(null);
  const sayDeleted = useSayDeleted();
  useEffect(() => {
    if (!focusNext.current || phase.kind === "deleting") return;
    focusNext.current = false;
    button.current?.focus();
  }, [phase]);
  const go = (next: Phase) => {
    focusNext.current = true;
    setPhase(next);
  };

  async function remove() {
    setPhase({ kind: "deleting" });
    try {
      const response = await fetchWithToken(`/api/logs/${id}`, { method: "DELETE" });
      if (response.ok) {
        focusAfterDeleting(group.current?.closest("tr") ?? null);
        // What went, as the answer counts it: a snapshot another console prints too moved to it.
        const answer = (await response.json().catch(() => null)) as { deleted?: { builds?: number; moved?: number } } | null;
        const builds = answer?.deleted?.builds ?? buildCount;
        const moved = answer?.deleted?.moved ?? 0;
        sayDeleted(`Deleted ${fileName} and its ${plural(builds, "build")}${moved > 0 ? ` (${plural(moved, "snapshot")} another console prints too moved to it)` : ""}`);
        router.refresh();
        return;
      }
      const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
      go({ kind: "failed", message: body?.error?.message ?? `HTTP ${response.status}`, needsToken: response.status === 401 });
    } catch (error) {
      go({ kind: "failed", message: error instanceof Error ? error.message : String(error), needsToken: false });
    }
  }

  if (phase.kind === "idle") {
    return (
      <button type="button" ref={button} className="link-button" onClick={() => go({ kind: "confirm" })} aria-label={`delete ${fileName}`} data-testid="log-delete">
        delete
      </button>
    );
  }
  if (phase.kind === "failed") {
    return (
      <span className="small" data-testid="log-delete-failed">
        <span className="upload-error" role="alert">
          {phase.needsToken ? "Deleting needs the upload token (the server's INGEST_TOKEN): " : "Not deleted: "}
          {phase.needsToken ? <Link href="/upload">enter it on the upload page</Link> : phase.message}
        </span>{" "}
        <button type="button" ref={button} className="link-button" onClick={() => go({ kind: "idle" })}>
          close
        </button>
      </span>
    );
  }
  return (
    <span ref={group} className="small delete-confirm" role="group" aria-label={`delete ${fileName}?`} data-testid="log-delete-confirm">
      {/* On a phone the row's file name has scrolled out of sight to reach this column: said here (an
          accessibility review at 390 px). Hidden wider, where the row shows it beside. */}
      <span className="delete-confirm-name" aria-hidden data-testid="log-delete-name">
        {fileName}:
      </span>
      <span id={question}>{deleteQuestion(buildCount, shared)}</span>{" "}
      <button type="button" className="link-button danger" onClick={() => void remove()} disabled={phase.kind === "deleting"} data-testid="log-delete-yes">
        {phase.kind === "deleting" ? "deleting…" : "yes, delete"}
      </button>{" "}
      <button
        type="button"
        ref={phase.kind === "confirm" ? button : undefined}
        className="link-button"
        onClick={() => go({ kind: "idle" })}
        disabled={phase.kind === "deleting"}
        // Read with the button focus lands on: what keeping it is the answer to.
        aria-describedby={question}
        data-testid="log-delete-no"
      >
        keep it
      </button>
    </span>
  );
}
