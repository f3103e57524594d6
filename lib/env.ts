// ## Environment
//
// Every setting the app reads from process.env, parsed once with zod so that a
// typo fails at start-up with the variable's name instead of deep in a request.
import path from "node:path";
import { z } from "zod";
import { invalidAllowedHosts } from "./host-check";
import { utcOffsetParam } from "./validation/params";

/**
 * A queue length at or above which a build counts as an incident: a whole number of messages, 1 or
 * more. The dashboard's INCIDENT_THRESHOLD and the CLI's `--threshold` read it alike.
 */
export const incidentThresholdSchema = z.coerce
  .number({ error: "wants a whole number of messages, 1 or more" })
  .int({ error: "wants a whole number of messages, 1 or more" })
  .positive({ error: "wants a whole number of messages, 1 or more" });

/** A setting that is a whole number from `min` (to `max`), refused in words (zod's own: "expected number, received NaN"). */
function wholeNumber(min: number, max?: number) {
  const error = `wants a whole number ${max === undefined ? `of ${min} or more` : `from ${min} to ${max}`}`;
  const number = z.coerce.number({ error }).int({ error }).min(min, { error });
  return max === undefined ? number : number.max(max, { error });
}

/** The embedded SQLite database, when DATABASE_URL is not set. */
export const DEFAULT_DATABASE_URL = "file:./data/dashboard.db";

const envSchema = z.object({
  /**
   * `file:<path>` for the embedded SQLite database (relative paths are from the
   * project root), or `postgres://user:pass@host:port/db` for a PostgreSQL server.
   */
  DATABASE_URL: z
    .string()
    .default(DEFAULT_DATABASE_URL)
    .refine((url) => url.startsWith("file:") || /^postgres(ql)?:\/\//.test(url), {
      message: "DATABASE_URL must be file:<path> (SQLite, e.g. file:./data/dashboard.db) or postgres://… (PostgreSQL)",
    }),
  PORT: wholeNumber(1, 65535).default(3000),
  HOST: z.string().min(1, { error: "is empty: unset it (127.0.0.1) or name an address" }).default("127.0.0.1"),
  /** Largest upload accepted, in bytes, counted both as sent and once inflated (gzip). */
  MAX_UPLOAD_BYTES: wholeNumber(1).default(512 * 1024 * 1024),
  /** When set, POST /api/logs needs `Authorization: Bearer <token>`. */
  INGEST_TOKEN: z.string().min(1, { error: "is empty: unset it (no token asked) or set the token" }).optional(),
  /** When set, reading (pages and GET APIs) needs it too; see lib/read-access.ts. */
  READ_TOKEN: z.string().min(1, { error: "is empty: unset it (no token asked) or set the token" }).optional(),
  /**
   * Names the dashboard answers to besides localhost and IP addresses (comma-separated;
   * `.example.org` for a domain and its subdomains, `*` for any): see lib/host-check.ts.
   */
  ALLOWED_HOSTS: z
    .string()
    .optional()
    .refine((value) => invalidAllowedHosts(value).length === 0, {
      error: (issue) =>
        `ALLOWED_HOSTS holds ${invalidAllowedHosts(issue.input as string).map((entry) => JSON.stringify(entry)).join(", ")}, which no Host can match: list names (dash.example.org), .example.org or *.example.org for a domain, or *`,
    }),
  /** Queue length at or above which a build counts as an incident. */
  INCIDENT_THRESHOLD: incidentThresholdSchema.default(100),
  /**
   * The UTC offset of times logs print without a zone (`date '+%F %T'` on a CI host in UTC+8:
   * `+08:00`); an upload's `utcOffset` overrides it. Default `Z`.
   */
  LOG_UTC_OFFSET: utcOffsetParam().default("Z"),
  /**
   * The UTC offset pages show times in (`+08:00`: `2015-08-23 08:34 UTC+08:00`); default `Z`
   * (UTC). The API, CSV and the CLI keep UTC (ISO 8601 with Z). Read by components/ui/format.ts.
   */
  DISPLAY_UTC_OFFSET: utcOffsetParam().default("Z"),
  /**
   * PostgreSQL: uploads (and deletions) written at once by this instance, each on a connection of
   * its own; more wait their turn, up to 120 s (lib/db/pg-timeouts.ts).
   */
  PG_UPLOAD_CONNECTIONS: wholeNumber(1, 1000).default(10),
  /**
   * Where an upload's body is kept aside on SQLite, so that a slow client can give the writer up
   * (lib/upload/spool.ts): a directory; by default the database file's own; `off` keeps nothing aside.
   */
  UPLOAD_SPOOL_DIR: z
    .string()
    .min(1)
    .optional()
    .transform((dir) => (dir === undefined || dir === "off" ? dir : path.resolve(/*turbopackIgnore: true*/ process.cwd(), dir))),
});

export type Env = z.infer<typeof envSchema>;

/**
 * Parses the environment (or the given record); throws one readable error, one line, naming every
 * bad variable with what it is set to.
 */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const said = result.error.issues.map((issue) => {
      const name = issue.path.join(".");
      const value = source[name];
      // (Not a token's, nor DATABASE_URL's, which may hold a password.)
      // (Nor when the message quotes it already: `got "CST"`.)
      const shown = value === undefined || /TOKEN|DATABASE_URL/.test(name) || issue.message.includes(JSON.stringify(value)) ? "" : ` (it is ${JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)})`;
      return `${name}: ${issue.message}${shown}`;
    });
    throw new Error(`Invalid environment: ${said.join("; ")}`);
  }
  return result.data;
}

/** The SQLite file a `file:` URL names, resolved against the working directory. */
export function sqlitePathFromUrl(url: string): string {
  const rest = url.slice("file:".length);
  if (rest === ":memory:") return rest;
  // Resolved at run time against the working directory; not a file the bundler should trace.
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), rest);
}

/** A database URL as scripts print it: no user or password (`postgres://…@db:5432/x`). */
export function shownDatabaseUrl(url: string): string {
  // Up to the last `@` before the query: a password with an `@` (or a `/`) left unencoded, which
  // node-postgres takes, was shown from its second `@` on (a review, 2026-12-07).
  const start = url.indexOf("//");
  if (start < 0) return url;
  const query = url.indexOf("?", start);
  const at = url.lastIndexOf("@", query < 0 ? url.length : query);
  return at > start ? `${url.slice(0, start + 2)}…${url.slice(at)}` : url;
}

/**
 * DATABASE_URL as set (or the default), without checking it: what an error handler names after
 * readEnv() threw (calling it again there threw again, and printed a stack trace).
 */
export function databaseUrlAsSet(): string {
  return process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
}
