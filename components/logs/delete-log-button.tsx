"use client";

// Deletes an uploaded log (DELETE /api/logs/{id}) after a second click that says what goes: the
// log, its builds with their samples, and the incidents they alone made. With INGEST_TOKEN set,
// it sends the upload token this tab keeps (entered on the upload page).
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useUploads } from "@/components/upload/upload-provider";
import { plural } from "@/lib/wording";

type Phase = { kind: "idle" } | { kind: "confirm" } | { kind: "deleting" } | { kind: "failed"; message: string; needsToken: boolean };

export function DeleteLogButton({ id, fileName, buildCount }: { id: number; fileName: string; buildCount: number }) {
  const router = useRouter();
  const { fetchWithToken } = useUploads();
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });

  async function remove() {
    setPhase({ kind: "deleting" });
    try {
      const response = await fetchWithToken(`/api/logs/${id}`, { method: "DELETE" });
      if (response.ok) {
        router.refresh();
        return;
      }
      const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
      setPhase({ kind: "failed", message: body?.error?.message ?? `HTTP ${response.status}`, needsToken: response.status === 401 });
    } catch (error) {
      setPhase({ kind: "failed", message: error instanceof Error ? error.message : String(error), needsToken: false });
    }
  }

  if (phase.kind === "idle") {
    return (
      <button type="button" className="link-button" onClick={() => setPhase({ kind: "confirm" })} aria-label={`delete ${fileName}`} data-testid="log-delete">
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
        <button type="button" className="link-button" onClick={() => setPhase({ kind: "idle" })}>
          close
        </button>
      </span>
    );
  }
  return (
    <span className="small nowrap" role="group" aria-label={`delete ${fileName}?`} data-testid="log-delete-confirm">
      Delete it and its {plural(buildCount, "build")}?{" "}
      <button type="button" className="link-button danger" onClick={() => void remove()} disabled={phase.kind === "deleting"} data-testid="log-delete-yes">
        {phase.kind === "deleting" ? "deleting…" : "yes, delete"}
      </button>{" "}
      <button type="button" className="link-button" onClick={() => setPhase({ kind: "idle" })} disabled={phase.kind === "deleting"} data-testid="log-delete-no">
        keep it
      </button>
    </span>
  );
}
