"use client";

// ## Uploads, shared by every way in (window drop, file pickers)
//
// Each file goes up in its own request so each has its own progress bar and
// its own answer (a bad file does not roll back the good ones). Progress has
// two phases: bytes sent (XMLHttpRequest upload progress), then "ingesting"
// until the server answers. When everything has answered the current page is
// refreshed so totals, charts and lists include the new builds.
import { useRouter } from "next/navigation";
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from "react";
import { readUploadAnswer, readUploadError, type UploadItem } from "./upload-types";

type UploadContextValue = {
  items: UploadItem[];
  uploadFiles: (files: Iterable<File>) => void;
  dismiss: () => void;
};

const UploadContext = createContext<UploadContextValue | null>(null);

export function useUploads(): UploadContextValue {
  const value = useContext(UploadContext);
  if (!value) throw new Error("useUploads must be used inside <UploadProvider>");
  return value;
}

function send(file: File, update: (patch: Partial<UploadItem>) => void): Promise<void> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    // One file per request, sent as the raw body (the API's text/plain / gzip
    // form) with its name in the query: the simplest body the server reads.
    const gzip = /\.gz$/i.test(file.name) || file.type === "application/gzip";
    xhr.open("POST", `/api/logs?filename=${encodeURIComponent(file.name.slice(0, 255) || "upload.log")}`);
    xhr.setRequestHeader("Content-Type", gzip ? "application/gzip" : "text/plain");
    xhr.responseType = "text";
    xhr.upload.onprogress = (event) => update({ sent: event.loaded });
    // All bytes are out: the server is now reading, parsing and storing the log.
    xhr.upload.onload = () => update({ sent: file.size, phase: "ingesting" });
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        const answer = readUploadAnswer(body);
        update({ phase: answer.duplicate ? "duplicate" : "done", builds: answer.builds, sent: file.size });
      } else {
        update({ phase: "error", error: readUploadError(body, xhr.status) });
      }
      resolve();
    };
    xhr.onerror = () => {
      update({ phase: "error", error: readUploadError(null, 0) });
      resolve();
    };
    xhr.send(file);
  });
}

export function UploadProvider({ children }: { children: ReactNode }) {
  const router = useRouter();
  const [items, setItems] = useState<UploadItem[]>([]);
  const pending = useRef(0);
  const counter = useRef(0);

  const uploadFiles = useCallback(
    (files: Iterable<File>) => {
      const list = [...files];
      if (list.length === 0) return;
      const batch = list.map((file) => ({
        file,
        item: {
          id: `u${++counter.current}`,
          fileName: file.name,
          size: file.size,
          phase: "uploading" as const,
          sent: 0,
          builds: [],
          error: null,
        } satisfies UploadItem,
      }));
      setItems((current) => [...batch.map((b) => b.item), ...current].slice(0, 50));
      pending.current += batch.length;
      for (const { file, item } of batch) {
        const update = (patch: Partial<UploadItem>) =>
          setItems((current) => current.map((existing) => (existing.id === item.id ? { ...existing, ...patch } : existing)));
        void send(file, update).then(() => {
          pending.current -= 1;
          if (pending.current === 0) router.refresh();
        });
      }
    },
    [router],
  );

  const dismiss = useCallback(() => setItems((current) => current.filter((item) => item.phase === "uploading" || item.phase === "ingesting")), []);
  const value = useMemo(() => ({ items, uploadFiles, dismiss }), [items, uploadFiles, dismiss]);
  return <UploadContext.Provider value={value}>{children}</UploadContext.Provider>;
}
