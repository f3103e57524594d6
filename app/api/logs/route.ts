// POST /api/logs — upload one or several console logs (multipart form data,
// or the log itself as text/plain or gzip). See README "Pushing logs from CI".
// GET /api/logs — the logs uploaded so far, newest first.
import path from "node:path";
import { listResponse, parseQuery, refuseRepeated, unreadNameWarning, unreadQueryWarnings } from "@/lib/api";
import { requireToken } from "@/lib/auth";
import type { CsvColumn } from "@/lib/csv";
import { ingestUpload } from "@/lib/db/ingest";
import { exportLogs, listLogs, type LogSummary } from "@/lib/db/queries";
import { type Env, readEnv, sqlitePathFromUrl } from "@/lib/env";
import { databaseKind } from "@/lib/db/url";
import { AppError, errorResponse, notAllowed } from "@/lib/errors";
import { readGate } from "@/lib/read-access";
import { terminalSafeJson } from "@/lib/terminal-text";
import { uploadAnswerJson } from "@/lib/upload/answer-json";
import { uploadAnswerText } from "@/lib/upload/answer-text";
import { readUploadRequest } from "@/lib/upload/read-request";
import { createSpool, WriterYielded } from "@/lib/upload/spool";
import { getStore, type Store } from "@/lib/db/store";
import { logListSchema } from "@/lib/validation/query";
import { parseUploadMeta, UPLOAD_META_KEYS, type UploadMeta } from "@/lib/validation/upload";
import { refuseCrossSite } from "@/lib/cross-site";
import { linkOrigin, refuseUnknownHost } from "@/lib/host-check";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const { PUT, PATCH, DELETE, OPTIONS } = notAllowed(["GET", "POST"]);

// Columns added later go at the end: spreadsheets and scripts read them by position.
const COLUMNS: CsvColumn<LogSummary>[] = [
  { header: "id", value: (l) => l.id },
  { header: "fileName", value: (l) => l.fileName },
  { header: "sha256", value: (l) => l.sha256 },
  { header: "size", value: (l) => l.size },
  { header: "uploadedAt", value: (l) => l.uploadedAt },
  { header: "buildCount", value: (l) => l.buildCount },
];

function validMeta(raw: Record<string, string | undefined>, where: string): UploadMeta {
  const parsed = parseUploadMeta(raw);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new AppError("bad_request", `invalid ${where}: ${detail}`, { issues: parsed.error.issues });
  }
  return parsed.data;
}

/** What the answer is written as: JSON, or `format=text` (lib/upload/answer-text.ts) for a CI console. */
const ANSWER_FORMATS = ["json", "text"] as const;

function answerFormat(query: URLSearchParams): (typeof ANSWER_FORMATS)[number] {
  const value = query.get("format");
  if (value === null || value === "" || value === "json") return "json";
  if (value === "text") return "text";
  const message = `expected ${ANSWER_FORMATS.join(" or ")}, got ${JSON.stringify(value.slice(0, 40))}`;
  throw new AppError("bad_request", `invalid query parameters: format: ${message}`, { issues: [{ path: ["format"], message }] });
}

/** Warnings for query parameters and form fields the upload does not read (see UPLOAD_META_KEYS). */
function unreadMetaNames(query: URLSearchParams, fields: Record<string, string>): string[] {
  const inQuery = [...UPLOAD_META_KEYS, "format"];
  return [
    ...[...new Set(query.keys())].filter((name) => !inQuery.includes(name)).map((name) => unreadNameWarning("query parameter", name, inQuery)),
    ...Object.keys(fields)
      .filter((name) => !(UPLOAD_META_KEYS as readonly string[]).includes(name))
      .map((name) =>
        name.trim().toLowerCase() === "format"
          ? `form field ${JSON.stringify(name)} is read as a query parameter only (?format=text: the answer's form is chosen before the body is read); it was ignored`
          : unreadNameWarning("form field", name, UPLOAD_META_KEYS),
      ),
  ];
}

/**
 * Warnings for form fields a query parameter of the same name overrode with another value (the
 * query's wins, silently before), compared as read: `042` is 42, a time in another zone the same
 * instant, an empty parameter none (a review, 2026-12-07: such pairs were said to differ).
 */
function overriddenFields(query: UploadMeta, rawQuery: URLSearchParams, fields: Record<string, string>): string[] {
  const parsed = parseUploadMeta(fields);
  if (!parsed.success) return [];
  const form = parsed.data as Record<string, unknown>;
  const asRead = query as Record<string, unknown>;
  const same = (key: string, a: unknown, b: unknown) => (key === "startedAt" ? Date.parse(String(a)) === Date.parse(String(b)) : a === b);
  return UPLOAD_META_KEYS.filter((key) => asRead[key] !== undefined && form[key] !== undefined && !same(key, asRead[key], form[key])).map(
    (key) =>
      `form field ${key}=${JSON.stringify((fields[key] ?? "").slice(0, 100))} was overridden by the query parameter ${key}=${JSON.stringify((rawQuery.get(key) ?? "").slice(0, 100))}: a query parameter wins`,
  );
}

/**
 * Where an upload's body is kept aside (lib/upload/spool.ts): UPLOAD_SPOOL_DIR, else beside the SQLite
 * database, on the disk that holds it, not in a `/tmp` that may live in memory; else the system's
 * temporary directory.
 */
function spoolDir(env: Env): string | undefined {
  if (env.UPLOAD_SPOOL_DIR !== undefined) return env.UPLOAD_SPOOL_DIR;
  if (databaseKind(env.DATABASE_URL) !== "sqlite") return undefined;
  const file = sqlitePathFromUrl(env.DATABASE_URL);
  return file === ":memory:" ? undefined : path.dirname(file);
}

export async function POST(request: Request): Promise<Response> {
  try {
    const env = readEnv();
    // The proxy stays off this path (lib/host-check.ts, proxy.ts): the Host is checked here.
    refuseUnknownHost(request);
    refuseCrossSite(request, "an upload");
    requireToken(request, env.INGEST_TOKEN, "uploading logs");
    const query = new URL(request.url).searchParams;
    refuseRepeated(query, [...UPLOAD_META_KEYS, "format"]);
    // Before the body is read: a wrong one is refused with nothing stored.
    const format = answerFormat(query);
    const meta = validMeta(Object.fromEntries(UPLOAD_META_KEYS.map((key) => [key, query.get(key) ?? undefined])), "query parameters");
    // On SQLite an upload that waits on its client gives the writer up to the others (lib/upload/spool.ts)
    // and is read again from the disk once its body is in.
    let store: Store | null = null;
    const spool = createSpool({
      contendedSince: () => store?.contendedSince?.() ?? null,
      wanted: () => store?.contendedSince !== undefined && env.UPLOAD_SPOOL_DIR !== "off",
      dir: spoolDir(env),
    });
    const read = async (body?: AsyncIterable<Uint8Array>) => {
      const options = { limit: env.MAX_UPLOAD_BYTES, defaultName: meta.filename ?? "upload.log" };
      const upload = readUploadRequest(
        request,
        body ? { ...options, body } : { ...options, through: (live) => spool.live(live), watch: (chunks) => spool.watch(chunks) },
      );
      store ??= await getStore();
      const logs = await ingestUpload({
        files: upload.files,
        meta,
        fieldsSoFar: () => validMeta(upload.fields, "form fields"),
        threshold: env.INCIDENT_THRESHOLD,
        utcOffset: env.LOG_UTC_OFFSET,
      });
      return { logs, fields: upload.fields };
    };
    let done: Awaited<ReturnType<typeof read>>;
    try {
      done = await read().catch(async (error: unknown) => {
        // Only for the reason itself: an upload refused meanwhile (a 409, a binary file) answers at once.
        if (!(error instanceof WriterYielded) || !spool.yielded) throw error;
        console.info(
          `an upload${meta.filename ? ` (${meta.filename})` : ""} waited on its client while another waited for the writer: it gave the writer up, and is read again from disk once its body is in`,
        );
        return read(await spool.rest());
      });
    } finally {
      await spool.close();
    }
    const { logs, fields } = done;
    // A misspelt field (`Job=`, `build=`) was dropped without a word, and the build stored under what the
    // log says: said in each log's warnings, with the name it may have meant.
    const unread = [...unreadMetaNames(query, fields), ...overriddenFields(meta, query, fields)];
    if (unread.length > 0) for (const log of logs) log.warnings.push(...unread);
    const stored = logs.some((log) => !log.duplicate);
    const status = stored ? 201 : 200;
    if (format === "text") {
      return new Response(uploadAnswerText(logs, linkOrigin(request)), { status, headers: { "content-type": "text/plain; charset=utf-8" } });
    }
    // (Controls a terminal obeys as \u escapes: lib/terminal-text.ts; the same JSON value.)
    return new Response(terminalSafeJson(uploadAnswerJson(logs)), { status, headers: { "content-type": "application/json" } });
  } catch (error) {
    return errorResponse(error, "stored");
  }
}

/** GET /api/logs?page&pageSize&format — a page; as CSV without page or pageSize, every log, streamed. */
export async function GET(request: Request): Promise<Response> {
  try {
    // The proxy stays off this path (for the uploads): the Host and READ_TOKEN are checked here.
    refuseUnknownHost(request);
    const gate = readGate(request);
    if (gate) return gate;
    const query = parseQuery(logListSchema, request);
    return await listResponse({
      request,
      format: query.format,
      name: "logs",
      key: "logs",
      columns: COLUMNS,
      page: () => listLogs(query),
      all: () => exportLogs(),
      warnings: unreadQueryWarnings(logListSchema, request),
    });
  } catch (error) {
    return errorResponse(error);
  }
}
