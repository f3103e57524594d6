"use client";

// ## Uploads, shared by every way in (window drop, file pickers)
//
// Each file goes up in its own request so each has its own progress bar and
// its own answer (a bad file does not roll back the good ones). Progress has
// two phases: bytes sent (XMLHttpRequest upload progress), then "ingesting"
// until the server answers. When everything has answered the current page is
// refreshed so totals, charts and lists include the new builds.
//
// When the server needs the upload token (INGEST_TOKEN; the layout says so,
// never what it is), a file with no token to send, or refused with 401, is held
// ("needs-token") rather than failed, the page asks for the token, and every
// held file goes up again once it is entered.
//
// On the upload page, its build fields (job, number, startedAt, url: components/upload/
// upload-meta-form.tsx) go with every file dropped or chosen there while it is shown: the form
// registers itself here, and a drop whose fields are bad, or that names one build for several
// files, is refused whole by the form before anything is sent.
import { useRouter } from "next/navigation";
import { createContext, useCallback, useContext, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from "react";
import { createTokenStore, readTokenInput, refusedForToken, sessionStorageOrNull, type TokenPromptReason } from "./upload-token";
import { readUploadAnswer, readUploadError, type UploadItem } from "./upload-types";
import { WRITE_HEADER } from "@/lib/cross-site";
import { uploadFileName } from "@/lib/file-name";
import { hasMeta, metaQuery, type SentMeta } from "@/lib/upload/form-meta";

/**
 * The upload page's build fields, as the provider asks them for each drop: the fields to send
 * with these files (null: none), or `refused` when the form has said why nothing goes.
 */
export type MetaSource = { take: (files: number, batch: number) => SentMeta | null | "refused" };

/** The upload token as the UI sees it: whether one is needed and entered, never its value. */
export type UploadTokenState = {
  /** The server said uploads need a token. */
  required: boolean;
  /** A token is kept for this tab. */
  entered: boolean;
  /** Files held until a (new) token is entered. */
  waiting: number;
  reason: TokenPromptReason;
  /** Keeps the token and sends the held files; the problem with the input, or null. */
  submit: (input: string) => string | null;
  forget: () => void;
};

type UploadContextValue = {
  items: UploadItem[];
  uploadFiles: (files: Iterable<File>) => void;
  /**
   * Sends a file refused because its build is stored (409) again as a re-run of that build
   * (`attempt=next`: stored beside it as its next attempt). False when the file is not kept.
   */
  storeAsRerun: (id: string) => boolean;
  dismiss: () => void;
  token: UploadTokenState;
  /**
   * `fetch` with the upload token as its bearer token when one is kept (other writes than uploads:
   * deleting a log). A 401 to a token sent forgets it, as an upload's does.
   */
  fetchWithToken: (url: string, init?: RequestInit) => Promise<Response>;
  /** Sets (or, with null, removes) the build fields every upload takes while they are shown. */
  setMetaSource: (source: MetaSource | null) => void;
};

const UploadContext = createContext<UploadContextValue | null>(null);

export function useUploads(): UploadContextValue {
  const value = useContext(UploadContext);
  if (!value) throw new Error("useUploads must be used inside <UploadProvider>");
  return value;
}

type Outcome = "answered" | "refused-token";

/** How a file is sent: `rerun`, as another run of the build it names (`attempt=next`); `meta`, with the upload page's build fields. */
type SendOptions = { rerun?: boolean; meta?: SentMeta | null };

function send(file: File, token: string | null, update: (patch: Partial<UploadItem>) => void, options: SendOptions = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    // One file per request, sent as the raw body (the API's text/plain / gzip
    // form) with its name in the query: the simplest body the server reads.
    const gzip = /\.gz$/i.test(file.name) || file.type === "application/gzip";
    const attempt = options.rerun ? "&attempt=next" : "";
    // A re-run goes up as the build's next attempt, whatever attempt the fields name.
    const meta = options.meta ? metaQuery(options.rerun ? { ...options.meta, attempt: undefined } : options.meta) : "";
    // The name as a multipart upload would store it: a control or text-direction character in it
    // (which ?filename= refuses with a 400) shown as U+FFFD, cut to the API's 255 characters whole.
    xhr.open("POST", `/api/logs?filename=${encodeURIComponent(uploadFileName(file.name))}${attempt}${meta}`);
    xhr.setRequestHeader("Content-Type", gzip ? "application/gzip" : "text/plain");
    xhr.setRequestHeader(WRITE_HEADER, "1");
    if (token !== null) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
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
        update({ phase: answer.duplicate ? "duplicate" : "done", builds: answer.builds, omitted: answer.omitted, omittedKept: answer.omittedKept, warnings: answer.warnings, notes: answer.notes, logIds: answer.logIds, buildsUnread: answer.buildsUnread, sent: file.size });
      } else if (refusedForToken(xhr.status)) {
        update({ phase: "needs-token", sent: 0 });
        resolve("refused-token");
        return;
      } else {
        update({ phase: "error", error: readUploadError(body, xhr.status) });
      }
      resolve("answered");
    };
    xhr.onerror = () => {
      update({ phase: "error", error: readUploadError(null, 0) });
      resolve("answered");
    };
    xhr.send(file);
  });
}

export function UploadProvider({ children, tokenRequired = false }: { children: ReactNode; tokenRequired?: boolean }) {
  const router = useRouter();
  const [items, setItems] = useState<UploadItem[]>([]);
  const pending = useRef(0);
  const counter = useRef(0);
  // Files held for the token, by item id: sent again once it is entered.
  const held = useRef(new Map<string, { file: File; options: SendOptions }>());
  // Files refused because their build is stored (409), by item id: sent again as a re-run when asked.
  const refused = useRef(new Map<string, { file: File; meta: SentMeta | null }>());
  const metaSource = useRef<MetaSource | null>(null);
  const batches = useRef(0);
  const [store] = useState(() => createTokenStore(sessionStorageOrNull()));
  // False while rendering on the server: the token lives in the browser alone.
  const entered = useSyncExternalStore(store.subscribe, () => store.get() !== null, () => false);
  const [rejected, setRejected] = useState(false);

  const update = useCallback(
    (id: string) => (patch: Partial<UploadItem>) =>
      setItems((current) => current.map((existing) => (existing.id === id ? { ...existing, ...patch } : existing))),
    [],
  );

  const start = useCallback(
    // Named: a file refused with an old token goes again with one entered meanwhile.
    function start(id: string, file: File, options: SendOptions = {}) {
      const token = store.get();
      if (token === null && tokenRequired) {
        held.current.set(id, { file, options });
        update(id)({ phase: "needs-token", sent: 0, error: null });
        return;
      }
      held.current.delete(id);
      refused.current.delete(id);
      update(id)({ phase: "uploading", sent: 0, error: null });
      pending.current += 1;
      const updateItem = update(id);
      void send(file, token, (patch) => {
        // Kept while its answer is a 409 naming a stored build: "store as a re-run" sends it again.
        if (patch.phase === "error" && patch.error?.permalink !== undefined) refused.current.set(id, { file, meta: options.meta ?? null });
        updateItem(patch);
      }, options).then((outcome) => {
        pending.current -= 1;
        if (outcome === "refused-token") {
          const now = store.get();
          if (now !== null && now !== token) {
            start(id, file, options);
            return;
          }
          held.current.set(id, { file, options });
          if (token !== null) setRejected(true);
          store.forget();
        }
        if (pending.current === 0) router.refresh();
      });
    },
    [router, store, tokenRequired, update],
  );

  const uploadFiles = useCallback(
    (files: Iterable<File>) => {
      const list = [...files];
      if (list.length === 0) return;
      const batchId = ++batches.current;
      const taken = metaSource.current?.take(list.length, batchId) ?? null;
      if (taken === "refused") return;
      const meta = taken !== null && hasMeta(taken) ? taken : null;
      const batch = list.map((file) => ({
        file,
        item: {
          id: `u${++counter.current}`,
          fileName: file.name,
          size: file.size,
          phase: "uploading" as const,
          sent: 0,
          builds: [],
          warnings: [],
          notes: [],
          logIds: [],
          error: null,
          meta,
          batch: batchId,
        } satisfies UploadItem,
      }));
      setItems((current) => [...batch.map((b) => b.item), ...current].slice(0, 50));
      for (const { file, item } of batch) start(item.id, file, { meta });
    },
    [start],
  );

  const submitToken = useCallback(
    (input: string) => {
      const read = readTokenInput(input);
      if (!read.ok) return read.message;
      store.set(read.token);
      setRejected(false);
      const waiting = [...held.current];
      held.current.clear();
      for (const [id, { file, options }] of waiting) start(id, file, options);
      return null;
    },
    [start, store],
  );

  const forgetToken = useCallback(() => {
    setRejected(false);
    store.forget();
  }, [store]);

  const storeAsRerun = useCallback(
    (id: string) => {
      const kept = refused.current.get(id);
      if (kept === undefined) return false;
      start(id, kept.file, { rerun: true, meta: kept.meta });
      return true;
    },
    [start],
  );

  const dismiss = useCallback(() => {
    setItems((current) => current.filter((item) => item.phase === "uploading" || item.phase === "ingesting"));
    held.current.clear();
    refused.current.clear();
  }, []);

  const fetchWithToken = useCallback(
    async (url: string, init: RequestInit = {}) => {
      const token = store.get();
      const headers = new Headers(init.headers);
      if (token !== null) headers.set("Authorization", `Bearer ${token}`);
      headers.set(WRITE_HEADER, "1");
      const response = await fetch(url, { ...init, headers });
      if (refusedForToken(response.status) && token !== null) {
        setRejected(true);
        store.forget();
      }
      return response;
    },
    [store],
  );

  const setMetaSource = useCallback((source: MetaSource | null) => {
    metaSource.current = source;
  }, []);

  const waiting = items.filter((item) => item.phase === "needs-token").length;
  const token = useMemo(
    () => ({ required: tokenRequired, entered, waiting, reason: rejected ? ("rejected" as const) : ("required" as const), submit: submitToken, forget: forgetToken }),
    [tokenRequired, entered, waiting, rejected, submitToken, forgetToken],
  );
  const value = useMemo(
    () => ({ items, uploadFiles, storeAsRerun, dismiss, token, fetchWithToken, setMetaSource }),
    [items, uploadFiles, storeAsRerun, dismiss, token, fetchWithToken, setMetaSource],
  );
  return <UploadContext.Provider value={value}>{children}</UploadContext.Provider>;
}
