// ## One error type at the API edge
//
// Route handlers throw or return an AppError; `toResponse()` turns it into the
// JSON answer with the right status. Anything else reaching the edge is logged
// in full on the server and answered with a generic 500.

import { terminalSafeJson } from "./terminal-text";

export type ErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "unprocessable"
  | "internal"
  | "unavailable";

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  internal: 500,
  unavailable: 503,
};

/**
 * What every 401 carries (RFC 6750 §3; RFC 9110 §11.6.1 requires the header on a 401): the
 * scheme the API takes, `Authorization: Bearer <token>`.
 */
export const WWW_AUTHENTICATE = 'Bearer realm="mailbox-dashboard"';

/**
 * Why an upload was refused, finer than its status, for scripts (`error.reason`; README "Errors"): a
 * CI step can tell a log without monitor output from a term it could not read, or a late copy of a
 * stored console from another log of that build, without reading the words (a CI review).
 */
export type UploadRefusal =
  // 422
  | "no_monitor_output"
  | "unreadable_term"
  | "line_too_long"
  | "term_too_long"
  | "nothing_read"
  | "empty"
  | "bad_gzip"
  | "archive"
  | "value_too_large"
  | "value_too_long"
  | "bad_job_name"
  | "one_build_metadata"
  // 409
  | "stored"
  | "stored_longer"
  | "stored_same"
  | "stored_meanwhile"
  | "gone_meanwhile"
  | "twice_in_log"
  | "in_two_files"
  | "copies_in_upload";

/** Where in an uploaded file something went wrong (1-based line and column). */
export type ErrorLocation = { file?: string; line?: number; column?: number };

/** When a 503 says to come back (Retry-After, in seconds). */
const RETRY_AFTER_SECONDS = "30";

export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorLocation & Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "AppError";
    this.status = STATUS[code];
  }

  toJSON(): { error: { code: ErrorCode; message: string } & Record<string, unknown> } {
    return { error: { code: this.code, message: this.message, ...this.details } };
  }

  toResponse(headers?: HeadersInit): Response {
    const all = new Headers(headers);
    if (this.status === 401 && !all.has("www-authenticate")) all.set("www-authenticate", WWW_AUTHENTICATE);
    // Every 503 says when to retry (CI can tell "retry later" from a bug).
    if (this.status === 503 && !all.has("retry-after")) all.set("retry-after", RETRY_AFTER_SECONDS);
    // Written with the text-direction and C1 controls as \u escapes (the same JSON value): a CI console
    // prints the answer, and a job name quoted in it reordered the line (a security review, 2026-12-07).
    all.set("content-type", "application/json");
    return new Response(terminalSafeJson(JSON.stringify(this.toJSON())), { status: this.status, headers: all });
  }
}

/** Network and server-state codes that say the database cannot be reached now (Node's, PostgreSQL's SQLSTATE, Prisma's). */
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "EPIPE",
  // PostgreSQL: admin shutdown, crash shutdown, cannot connect now (starting up), too many connections.
  "57P01", "57P02", "57P03", "53300",
  // Prisma: cannot reach, timed out, server closed the connection, no pool connection in time.
  "P1001", "P1002", "P1017", "P2024",
]); // prettier-ignore
/** Driver adapter error kinds that say the same. */
const UNREACHABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
/** node-postgres' own words for a connection that failed, timed out or went away. */
const UNREACHABLE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error/i;

/**
 * Why the database cannot answer now, in words, when `error` (or what caused it) says so: it is
 * down, restarting, unreachable, or does not answer in time; or it has no tables (never migrated).
 * Null for any other error.
 */
export function databaseUnavailable(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === "object"; depth++) {
    const { code, kind, message, cause, originalCode } = current as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; originalCode?: unknown };
    // Up, but refusing connections past its max_connections: the misconfiguration the README warns
    // of (every instance's connections summed), not an outage (a PostgreSQL review, 2026-12-07).
    if (code === "53300" || originalCode === "53300" || kind === "TooManyConnections" || (typeof message === "string" && /too many clients already/i.test(message))) {
      return "the database refused a connection: it has too many clients; keep every instance's connections (PG_UPLOAD_CONNECTIONS + 4 + the read pool's 10) below its max_connections";
    }
    if (code === "P2021" || code === "42P01" || originalCode === "42P01" || kind === "TableDoesNotExist") {
      return "the database has no tables yet: run `npm run db:migrate` (`npm start` runs it before serving)";
    }
    if ((typeof code === "string" && (UNREACHABLE_CODES.has(code) || /^08/.test(code))) || (typeof originalCode === "string" && /^(08|57P0)/.test(originalCode))) {
      return "the database cannot be reached";
    }
    if (typeof kind === "string" && UNREACHABLE_KINDS.has(kind)) return "the database cannot be reached";
    // PostgreSQL broke a deadlock (40P01) or a serialization conflict (40001) by failing this
    // transaction: two uploads storing the same builds in opposite orders. Sent again, it is stored
    // or refused as a duplicate: a "retry later".
    if (code === "40P01" || code === "40001" || originalCode === "40P01" || originalCode === "40001") {
      return "another transaction (an upload, a deletion, a prune) was writing some of the same rows at the same time (the database broke a deadlock or a conflict between them)";
    }
    // SQLite: another process or connection held the file's lock past the 10 s busy timeout (a
    // second server on the same file, a backup, an operator's sqlite3 shell in a transaction).
    // (Not SQLITE_LOCKED, "database table is locked": a conflict within one connection, a bug to see.)
    if ((typeof code === "string" && /^SQLITE_BUSY/.test(code)) || (typeof message === "string" && /database is locked/i.test(message))) {
      return "the database is locked by another process or connection";
    }
    if (typeof message === "string" && UNREACHABLE_MESSAGE.test(message)) return "the database did not answer in time, or closed the connection";
    // A raw query's failure (`$queryRaw`: Prisma's P2010) carries the driver's error in its `meta`, not as its cause.
    current = cause ?? (current as { meta?: { driverAdapterError?: unknown } }).meta?.driverAdapterError;
  }
  return null;
}

/**
 * Whether `error` (or what caused it) is the database's own refusal, with a SQLSTATE code: a
 * database that does not exist (3D000), a password refused (28P01), a role without rights (42501);
 * or a password it asked for and DATABASE_URL does not give (node-postgres' SASL error, no code).
 * The start and migrate scripts then say which database refused, as they do for one that is down.
 */
export function fromDatabase(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === "object"; depth++) {
    const { code, cause, message } = current as { code?: unknown; cause?: unknown; message?: unknown };
    // A SQLSTATE holds a digit (3D000, 28P01, XX000); Node's errno codes (EPIPE, EBUSY) hold none.
    if (typeof code === "string" && /^(?=.*\d)[0-9A-Z]{5}$/.test(code) && !/^P\d{4}$/.test(code)) return true;
    // node-postgres' own word for a password the server asked for and the URL did not give.
    if (typeof message === "string" && /^SASL: .*password must be a string/.test(message)) return true;
    current = cause;
  }
  return false;
}

/**
 * Answers an error thrown anywhere below a route handler. `writes`: what the request would have
 * changed, said undone in a 503 ("nothing was stored" for an upload, "nothing was deleted" for a
 * deletion); a read says only to retry.
 */
export function errorResponse(error: unknown, writes?: "stored" | "deleted"): Response {
  if (error instanceof AppError) return error.toResponse();
  const unavailable = databaseUnavailable(error);
  if (unavailable) {
    // CI can tell "retry later" from a bug; nothing of a request was written (an upload, a deletion, is one transaction).
    console.error(`database unavailable: ${error instanceof Error ? error.message : String(error)}`);
    return new AppError("unavailable", `${unavailable}${writes ? `; nothing was ${writes}` : ""}: retry later`).toResponse();
  }
  console.error("unexpected error", error);
  return new AppError("internal", "Internal error; the server log has the details.").toResponse();
}

/**
 * The `Allow` header of a route serving `allowed`: Next answers HEAD through
 * GET, and OPTIONS through `notAllowed()` below.
 */
export function allowHeader(allowed: readonly string[]): string {
  return [...allowed, ...(allowed.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
}

/**
 * Handlers for the methods a route does not serve: a JSON 405 naming the ones
 * it does (and an `Allow` header), where Next would answer an empty 405; and
 * OPTIONS, a 204 with the same `Allow`. Next's automatic OPTIONS would list
 * every handler the module exports, these 405 ones included.
 * Spread into a route module: `export const { POST, PUT, PATCH, DELETE, OPTIONS } = notAllowed(["GET"])`.
 */
export function notAllowed(
  allowed: readonly string[],
): Record<"GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE", (request: Request) => Response> & { OPTIONS: () => Response } {
  const allow = allowHeader(allowed);
  const handler = (request: Request) =>
    new AppError("method_not_allowed", `${request.method} ${new URL(request.url).pathname}: this endpoint answers ${allowed.join(" and ")}`, {
      allowed: [...allowed],
    }).toResponse({ allow });
  const options = () => new Response(null, { status: 204, headers: { allow } });
  // GET and HEAD only for a route that serves neither (Next answers HEAD through GET where there is one).
  return { GET: handler, HEAD: handler, POST: handler, PUT: handler, PATCH: handler, DELETE: handler, OPTIONS: options };
}
