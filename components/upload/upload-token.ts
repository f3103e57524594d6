// ## The upload token (INGEST_TOKEN) in the browser
//
// When the server needs a bearer token for uploads, the page asks for it once
// and keeps it for the tab's session (sessionStorage): never in a cookie, which
// the browser would send with every request, nor in an address, which servers
// and proxies log. Nothing here talks to the DOM directly: the storage is an
// argument, so the logic tests without a browser.
import { plural, pluralWord } from "@/lib/wording";

export const UPLOAD_TOKEN_KEY = "mqdash.uploadToken";

/** The part of `Storage` the token needs (sessionStorage in the browser). */
export type TokenStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/** Why the page asks for the token: none entered yet, or the server refused the one sent. */
export type TokenPromptReason = "required" | "rejected";

export type TokenInput = { ok: true; token: string } | { ok: false; message: string };

/** What the user typed, as a token an `Authorization` header can carry (a header value cannot hold line breaks). */
export function readTokenInput(input: string): TokenInput {
  const token = input.trim();
  if (token === "") return { ok: false, message: "Enter the upload token." };
  // XMLHttpRequest throws on a header value with control characters or characters past U+00FF.
  if (/[\u0000-\u001f\u007f]|[^\u0000-\u00ff]/.test(token)) {
    return { ok: false, message: "That is not a token: it holds a line break or a character a request header cannot carry." };
  }
  return { ok: true, token };
}

/** Whether an upload's answer means "no token, or the wrong one" (the files can go again with the right one). */
export function refusedForToken(status: number): boolean {
  return status === 401;
}

/** The prompt's words: why it asks, and how many files wait for the answer. */
export function tokenPromptText(reason: TokenPromptReason, waiting: number): string {
  const why =
    reason === "rejected"
      ? "The server refused that upload token. Check it (the server's INGEST_TOKEN) and enter it again."
      : "Uploading to this dashboard needs its upload token (the server's INGEST_TOKEN). Enter it once: this tab keeps it until it is closed.";
  return waiting > 0 ? `${why} ${plural(waiting, "file")} ${pluralWord(waiting, "waits", "wait")} for it.` : why;
}

export type TokenStore = {
  get: () => string | null;
  set: (token: string) => void;
  forget: () => void;
  /** For useSyncExternalStore: called after every set and forget. */
  subscribe: (listener: () => void) => () => void;
};

/**
 * The token kept in `storage`, or in memory alone where there is no storage or it
 * refuses (storage disabled, private modes): then it lasts as long as the page.
 */
export function createTokenStore(storage: TokenStorage | null): TokenStore {
  let memory: string | null = null;
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((listener) => listener());
  return {
    get() {
      try {
        return storage?.getItem(UPLOAD_TOKEN_KEY) ?? memory;
      } catch {
        return memory;
      }
    },
    set(token) {
      memory = token;
      try {
        storage?.setItem(UPLOAD_TOKEN_KEY, token);
      } catch {
        // kept in memory
      }
      notify();
    },
    forget() {
      memory = null;
      try {
        storage?.removeItem(UPLOAD_TOKEN_KEY);
      } catch {
        // nothing stored
      }
      notify();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The tab's sessionStorage, or null where the page cannot use it (server rendering, storage disabled). */
export function sessionStorageOrNull(): TokenStorage | null {
  try {
    return typeof window === "undefined" ? null : window.sessionStorage;
  } catch {
    return null;
  }
}
