// ## Data access for pages and route handlers
//
// Server-only functions with object arguments that return plain DTOs (dates as
// ISO strings); nothing outside lib/db touches Prisma. Aggregates that Prisma
// cannot express go through $queryRaw with bound parameters.
import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { Prisma as PrismaNs } from "@/lib/generated/prisma/client";
import { isRoomName } from "@/lib/classify/jid";
import type { BuildListQuery, Filter, IncidentFilter, IncidentSort, ListQuery, LogListQuery, TimelineQuery } from "@/lib/validation/query";
import { getDialect, getPrisma } from "./client";
import { nullPlacement, type SeekKey, type SeekPart, seekAfter, seekChunks, seekOrderBy } from "./keyset";
import { buildPermalink } from "./permalink";
import { buildOrder, compareJobs } from "./store/incidents";
import { addToBucket, type Bucket, bucketIndex, bucketLayout, bucketSize, bucketStart, type BucketSize, type BucketUnit } from "../time-buckets";
import { editDistance } from "../edit-distance";

export type Totals = { logs: number; builds: number; incidents: number; rooms: number };

export type BuildSummary = {
  id: number;
  /** Which input it came from: "monitor" (CI monitor run) or another format's snapshot. */
  sourceKind: string;
  node: string | null;
  /** Processes ejabberd's watchdog killed for this overload, if it did. */
  killedCount: number | null;
  job: string | null;
  number: number | null;
  /** 1, or which re-run of build `number` this is (2, 3…). */
  attempt: number;
  startedAt: string | null;
  url: string | null;
  permalink: string;
  worstQueueLen: number | null;
  inspectedPid: string | null;
  inspectedQueueLen: number | null;
  dead: boolean;
  incident: boolean;
  culprit: { class: string; subject: string | null; service: boolean } | null;
  /** The classifier's rule that decided the culprit (null: none): tells a request shape from a process name. */
  rule: string | null;
  room: string | null;
  /**
   * The class of the incident the build is part of (null: none). For an incident build whose run
   * inspected no process (`culprit` null) it is the class the `class` filter keeps it under:
   * `unknown` until a build of its incident inspects the process (lib/incidents/group.ts).
   */
  incidentClass: string | null;
  /** Rank 1 of its top list (null: no list): the process its incident follows when it inspected none. */
  topPid: string | null;
};

/** One uploaded log (stored once per content). */
export type LogSummary = {
  id: number;
  /** As the upload named it: user-controlled text. */
  fileName: string;
  /** Of the content as stored (a gzip upload: once inflated). */
  sha256: string;
  /** Bytes, counted as the sha256 is (inflated). */
  size: number;
  uploadedAt: string;
  buildCount: number;
};

export type SampleDto = {
  id: number;
  index: number;
  kind: string;
  summary: string;
  destination: string | null;
  raw: string;
  decoded: string[];
};

/** A build next to another in its job (BuildDetail.previous, .next). */
export type NeighbourBuild = {
  number: number | null;
  attempt: number;
  permalink: string;
  incident: boolean;
  culprit: { class: string; subject: string | null } | null;
};

export type BuildDetail = BuildSummary & {
  evidence: string[];
  top: { rank: number; pid: string; queueLen: number }[];
  samples: SampleDto[];
  log: { id: number; fileName: string; sha256: string; uploadedAt: string };
  incidentSpan: IncidentDto | null;
  /**
   * The same room or process stuck before on this job: how many incidents of it started before this
   * build's, and the latest of them ("did this happen before?", an on-call review). Null when none,
   * or when this build is in no incident.
   */
  earlier: { count: number; latest: IncidentDto } | null;
  /**
   * The build before and after this one in its job, by number, then attempt, with its verdict (is
   * the previous build stuck on the same thing: the question the seed's reader asked build after build).
   */
  previous: NeighbourBuild | null;
  next: NeighbourBuild | null;
  /**
   * Another incident of the job whose stuck process sits lower in this build's top list while that
   * incident goes on (from its first build's time to its last, or to the last build its process was
   * seen in): which pid, where, and the incident. Build 24719 of the seed named only its own incident,
   * while the snh-48 room's process sat second in its list with 388 messages (an operator's review).
   * At most ALONGSIDE_MAX, earliest first; [] for a build without a time.
   */
  alongside: { pid: string; rank: number; queueLen: number; incident: IncidentDto }[];
  /** Every stored attempt of this build number (this one among them), in order; [] without a job and number. */
  attempts: { attempt: number; permalink: string; startedAt: string | null }[];
};

export type RoomSummary = {
  jid: string;
  name: string;
  host: string;
  builds: number;
  incidents: number;
  firstSeen: string | null;
  lastSeen: string | null;
  peakQueueLen: number | null;
};

export type IncidentDto = {
  id: number;
  job: string | null;
  keyKind: string;
  key: string;
  culpritClass: string;
  subject: string | null;
  room: string | null;
  firstAt: string | null;
  lastAt: string | null;
  /** Milliseconds from the first build to the last (0 for a single build; null without times). */
  durationMs: number | null;
  buildCount: number;
  peakQueueLen: number;
  /**
   * The build that gave `peakQueueLen` (the first of its builds to reach it). Null for an incident
   * stored before this was kept and not regrouped since, and for one whose peak build is no longer
   * stored (an older version wrote it after a rollback: `db:reclassify -- --regroup` mends it).
   */
  peakBuild: BuildRef | null;
  /**
   * What the peak is in that build: the queue `inspected` (message queue len of pid); its top list's
   * queue, the process having `died` before the check; or the `topList`'s queue, no process inspected
   * (or its queue unreadable). Null as `peakBuild`. A sql incident whose last build found its
   * connection dead may peak there, from the top list (an on-call review saw 43,000 "when inspected",
   * the highest inspected being 38,037).
   */
  peakFrom: "inspected" | "died" | "topList" | null;
  firstBuild: BuildRef;
  lastBuild: BuildRef;
  /**
   * The last build its process was present in: its last build, or a later one where it sat lower in
   * the top list at or above the threshold while another process was inspected (lib/incidents/group.ts).
   * The seed's room incident: last build #25846, last seen #25870. Null for an incident stored before
   * this was kept and not regrouped since.
   */
  lastSeenBuild: BuildRef | null;
  /** The latest start time among the builds it was present in (null as `lastSeenBuild`, or without times). */
  lastSeenAt: string | null;
  /**
   * Still going on at its job's latest build stored, however old that is: its process was on top,
   * or still in the top list at or above the threshold, in that build (the grouping left it open).
   * For snapshots of another format that name their node (etop, recon), the node's latest snapshot.
   * What is stuck now, as far as the stored builds tell.
   */
  ongoing: boolean;
  /**
   * The stuck process's pids, the first seen first: those its builds inspected (a room's process
   * restarted has several; the seed's room incident of eleven builds, one). For a provisional
   * incident, rank 1 of the top list, its key.
   */
  pids: string[];
  /**
   * None of its builds inspected a process (their runs printed the top list alone): its class is
   * `unknown` because nothing was inspected, not because no rule matched, and its peak is a
   * top-list queue (lib/incidents/group.ts).
   */
  provisional: boolean;
  /**
   * When its builds miss some of the build numbers from its first to its last (not stored, or its
   * process only lower in the top list there): those two numbers and how many distinct numbers its
   * builds have (`stored`; re-runs of a number count once). Null when none is missing, and for
   * snapshots. The seed's room incident: 11 builds from #24282 to #25846, not 1,565 consecutive ones.
   */
  numbers: { from: number; to: number; stored: number } | null;
};

/**
 * An incident's first or last build, with what its label needs: a CI build is
 * `#number`; a snapshot (no number: a watchdog warning, a pasted screen) is
 * named by its time, source kind and node.
 */
export type BuildRef = {
  number: number | null;
  attempt: number;
  permalink: string;
  startedAt: string | null;
  sourceKind: string;
  node: string | null;
};

export type TimelinePoint = {
  id: number;
  job: string | null;
  number: number | null;
  attempt: number;
  at: string;
  queueLen: number | null;
  culpritClass: string | null;
  pid: string | null;
  subject: string | null;
  permalink: string;
  /** Where the point came from ("monitor", or a snapshot's format) and its node: a snapshot's label. */
  sourceKind: string;
  node: string | null;
  /**
   * When the log says the build started; null when it gives no time, and `at` is then when the
   * build was stored (the upload), which is all that is known of it.
   */
  startedAt: string | null;
  /**
   * Whether the build reached the incident threshold. A healthy build (false) may still name a
   * culprit class (the process the monitor inspected): it is drawn as healthy all the same.
   */
  incident: boolean;
  /**
   * The class of the incident the build is part of (null: none), as BuildSummary's: an incident
   * build that inspected no process (`culpritClass` null) is drawn, and filtered, as its incident's.
   */
  incidentClass: string | null;
};

export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

/** A whole list for an export: how many rows it holds, then its rows a chunk at a time, in the list's order. */
export type Export<T> = { total: number; chunks: AsyncGenerator<T[], void, undefined> };

/** One sorted, filtered list: `take` rows from `skip` on, and how many there are (the JSON's pages). */
type Pager<T> = { read(skip: number, take: number): Promise<T[]>; count(): Promise<number> };

/** Rows an export reads at once: memory holds one such chunk, whatever the list's length. */
const EXPORT_CHUNK = 1000;

/** `chunkSize`: rows per read (tests make it small, to cross chunk boundaries with few rows). */
export type ExportOptions = { chunkSize?: number };

async function readPage<T>(pager: Pager<T>, query: { page: number; pageSize: number }): Promise<Page<T>> {
  const [items, total] = await Promise.all([pager.read((query.page - 1) * query.pageSize, query.pageSize), pager.count()]);
  return { items, total, page: query.page, pageSize: query.pageSize };
}

/**
 * A whole list, read in the pages' order by keyset (see keyset.ts): each chunk starts after the
 * last row of the one before, so every row is read once, and rows deleted or moved meanwhile
 * shift nothing. The exporters cap the list at the largest id when the export began: rows added
 * meanwhile (an upload) are left out, so that the count holds.
 */
async function exportAll<R, T>(args: {
  count: () => Promise<number>;
  parts: SeekPart<R>[];
  toItems: (rows: R[]) => T[] | Promise<T[]>;
  chunkSize?: number;
}): Promise<Export<T>> {
  return { total: await args.count(), chunks: seekChunks(args.parts, args.chunkSize ?? EXPORT_CHUNK, args.toItems) };
}

/** The `room` filter on a relation to Room: its JID, or (a name alone, no `@`) every room of that name. */
const roomWhere = (room: string): Prisma.RoomWhereInput => (isRoomName(room) ? { name: room } : { jid: room });

const iso = (date: Date | string | null | undefined): string | null =>
  date === null || date === undefined ? null : new Date(date).toISOString();

/** Counts shown on the overview. */
export async function getTotals(): Promise<Totals> {
  const prisma = getPrisma();
  const [logs, builds, incidents, rooms] = await Promise.all([
    prisma.log.count(),
    prisma.build.count(),
    prisma.incident.count(),
    prisma.room.count({ where: { builds: { some: { incident: true } } } }),
  ]);
  return { logs, builds, incidents, rooms };
}

const LOG_SELECT = { id: true, fileName: true, sha256: true, size: true, uploadedAt: true, buildCount: true } as const;

type LogRow = Prisma.LogGetPayload<{ select: typeof LOG_SELECT }>;

function toLogSummary(row: LogRow): LogSummary {
  return { ...row, uploadedAt: iso(row.uploadedAt) ?? "" };
}

/** Newest first; uploadedAt is never NULL. */
const LOG_KEYS: SeekKey<"uploadedAt" | "id">[] = [
  { field: "uploadedAt", direction: "desc", nulls: "none" },
  { field: "id", direction: "desc", nulls: "none" },
];

/**
 * A job a log holds builds of: its first and last build number (null: none numbered), how many
 * builds, and `attempts`, the lowest and highest attempt among them (1 and 1 unless the log holds
 * a re-run: `attempt=2` on its upload), so that two consoles of one build, the first run and its
 * re-run, tell apart in the logs list (an operator's review).
 */
export type LogJob = { job: string | null; first: number | null; last: number | null; builds: number; attempts: { min: number; max: number } };

/**
 * A listed log, with the jobs its builds are of: every CI push is `console.log`, its jobs tell them
 * apart. `shared`: how many of its builds are snapshots another stored console prints too (a
 * watchdog warning in two consoles: lib/db/store/snapshot-copies.ts); deleting the log moves
 * those to that console instead of deleting them.
 */
export type LogListItem = LogSummary & { jobs: LogJob[]; shared: number };

/**
 * Each log's `shared` (see LogListItem): its builds that a SnapshotCopy of another log holds where
 * that log has no build of its own at the copy's place (what handOverSnapshotsWith moves).
 */
async function sharedOfLogs(ids: number[]): Promise<Map<number, number>> {
  const byLog = new Map<number, number>();
  if (ids.length === 0) return byLog;
  const rows = await inSlices(ids, (slice) =>
    getPrisma().$queryRaw<{ logId: number | bigint; n: number | bigint }[]>`
      SELECT b."logId", COUNT(*) AS "n" FROM "Build" b
       WHERE b."logId" IN (${PrismaNs.join(slice)})
         AND EXISTS (SELECT 1 FROM "SnapshotCopy" c WHERE c."buildId" = b."id" AND c."logId" <> b."logId"
                       AND NOT EXISTS (SELECT 1 FROM "Build" t WHERE t."logId" = c."logId" AND t."seq" = c."seq"))
       GROUP BY b."logId"`,
  );
  for (const row of rows) byLog.set(Number(row.logId), Number(row.n));
  return byLog;
}

/** The jobs of each log's builds (most builds first, then by name), from the index on Build.logId. */
async function jobsOfLogs(ids: number[]): Promise<Map<number, LogJob[]>> {
  const byLog = new Map<number, LogJob[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return byLog;
  const groups = await inSlices(ids, (slice) =>
    getPrisma().build.groupBy({
      by: ["logId", "job"],
      where: { logId: { in: slice } },
      _min: { number: true, attempt: true },
      _max: { number: true, attempt: true },
      _count: { _all: true },
    }),
  );
  for (const group of groups) {
    const attempts = { min: group._min.attempt ?? 1, max: group._max.attempt ?? 1 };
    byLog.get(group.logId)?.push({ job: group.job, first: group._min.number, last: group._max.number, builds: group._count._all, attempts });
  }
  // Most builds first, then by name in code-unit order (not the locale's: the same on every server).
  for (const jobs of byLog.values()) jobs.sort((a, b) => b.builds - a.builds || compareJobs(a.job, b.job));
  return byLog;
}

function logPager(): Pager<LogListItem> {
  const prisma = getPrisma();
  return {
    read: async (skip, take) => {
      const logs = (await prisma.log.findMany({ select: LOG_SELECT, orderBy: seekOrderBy(LOG_KEYS), skip, take })).map(toLogSummary);
      const ids = logs.map((log) => log.id);
      const [jobs, shared] = await Promise.all([jobsOfLogs(ids), sharedOfLogs(ids)]);
      return logs.map((log) => ({ ...log, jobs: jobs.get(log.id) ?? [], shared: shared.get(log.id) ?? 0 }));
    },
    count: () => prisma.log.count(),
  };
}

/** The uploaded logs, newest first (read from the index on uploadedAt, id), each with the jobs of its builds. */
export async function listLogs(query: Pick<LogListQuery, "page" | "pageSize">): Promise<Page<LogListItem>> {
  return readPage(logPager(), query);
}

/** `where`, and after `cursor` in the order of `keys` when there is one (a keyset read). */
function seeking<W extends object, F extends string>(where: W, keys: SeekKey<F>[], cursor: Record<F, unknown> | undefined): W {
  return cursor === undefined ? where : ({ AND: [where, seekAfter(keys, cursor)] } as W);
}

/** Every uploaded log, in listLogs' order, a chunk at a time (see exportAll). */
export async function exportLogs(options: ExportOptions = {}): Promise<Export<LogSummary>> {
  const prisma = getPrisma();
  const { _max } = await prisma.log.aggregate({ _max: { id: true } });
  const where: Prisma.LogWhereInput = { id: { lte: _max.id ?? 0 } };
  const part: SeekPart<LogRow> = (cursor, take) =>
    prisma.log.findMany({ where: seeking(where, LOG_KEYS, cursor), select: LOG_SELECT, orderBy: seekOrderBy(LOG_KEYS), take });
  return exportAll({
    count: () => prisma.log.count({ where }),
    parts: [part],
    toItems: (rows) => rows.map(toLogSummary),
    chunkSize: options.chunkSize,
  });
}

/** One uploaded log, or null. */
export async function getLog({ id }: { id: number }): Promise<LogSummary | null> {
  const row = await getPrisma().log.findUnique({ where: { id }, select: LOG_SELECT });
  return row ? toLogSummary(row) : null;
}

function dateRange(filter: Filter): Prisma.DateTimeNullableFilter | undefined {
  if (!filter.from && !filter.to) return undefined;
  return { gte: filter.from ? new Date(filter.from) : undefined, lt: filter.to ? new Date(filter.to) : undefined };
}

/**
 * The builds of a culprit class: those classified so, and the incident builds that inspected no
 * process (no class of their own) whose incident is of that class — `unknown` while none of its
 * builds inspected the process, else the class the first that did gave it (lib/incidents/group.ts).
 * A build is then where its incident is: `class=unknown` lists the builds of the incidents it lists.
 * filterParts says the same in SQL.
 *
 * The second kind is rare (a log cut after its top list), and the OR costs the lists their order
 * from the index (culpritClass, startedAt): every build of the class read and sorted for a page
 * (~25 ms against well under 1 at 100,000 builds on SQLite). So whether there is any is asked
 * first (few builds have no inspected pid), and without one the filter is the class alone.
 */
async function classWhere(culpritClass: string): Promise<Prisma.BuildWhereInput> {
  const uninspected: Prisma.BuildWhereInput = { culpritClass: null, inspectedPid: null, incident: true, incidentGroup: { culpritClass } };
  return (await hasUninspected(culpritClass)) ? { OR: [{ culpritClass }, uninspected] } : { culpritClass };
}

/**
 * Whether an incident build that inspected no process belongs to an incident of this class: read
 * from the builds without an inspected pid (the index on "inspectedPid"), each incident by its key
 * (Prisma's relation filter scanned every incident for its list of ids: 12 ms at 100,000 builds).
 */
async function hasUninspected(culpritClass: string): Promise<boolean> {
  const rows = await getPrisma().$queryRaw<unknown[]>`
    SELECT 1 AS "one" FROM "Build" b JOIN "Incident" i ON i."id" = b."incidentId"
     WHERE b."inspectedPid" IS NULL AND b."culpritClass" IS NULL AND b."incident" = ${true} AND i."culpritClass" = ${culpritClass}
     LIMIT 1`;
  return rows.length > 0;
}

/** The filters for filterSql, the class's form decided (see classWhere): an OR only when it needs one. */
type SqlFilter = Filter & { classWithUninspected?: boolean };

async function sqlFilter(filter: Filter): Promise<SqlFilter> {
  return filter.class ? { ...filter, classWithUninspected: await hasUninspected(filter.class) } : filter;
}

/** `excludeJob`: a job's builds left out, those of no job kept (`job <> x` alone is not true of a null job). */
function notJob<W>(job: string | undefined): W[] {
  return job === undefined ? [] : [{ OR: [{ job: { not: job } }, { job: null }] } as W];
}

/**
 * `pid=rex`: the rpc server by its registered name. A monitor run prints pids, not names, and the
 * pages label every process judged the rpc server "(rex)" (components/build/stuck-process.ts): the
 * filter keeps those builds too (class rpc), as well as snapshots that print the name (an
 * operator's review: `pid=rex` found nothing while the lists said `<6562.…> (rex)`).
 */
const RPC_SERVER = "rex";

async function buildWhere(filter: Filter): Promise<Prisma.BuildWhereInput> {
  return {
    job: filter.job,
    sourceKind: filter.sourceKind,
    room: filter.room ? roomWhere(filter.room) : undefined,
    // (No empty `{}` among them: Prisma wrote one as a condition that cost the count its index, 1.5 → 15 ms.)
    AND: [
      ...notJob<Prisma.BuildWhereInput>(filter.excludeJob),
      // A build holds the pid when it inspected it or lists it anywhere in its top list (filterParts: the same).
      ...(filter.pid
        ? [{ OR: [{ inspectedPid: filter.pid }, { top: { some: { pid: filter.pid } } }, ...(filter.pid === RPC_SERVER ? [{ culpritClass: "rpc" }] : [])] }]
        : []),
      ...(filter.class ? [await classWhere(filter.class)] : []),
    ],
    startedAt: dateRange(filter),
    incident: filter.incident === undefined ? undefined : filter.incident === "true",
    incidentId: filter.incidentId,
    logId: filter.logId,
  };
}

type BuildRow = Prisma.BuildGetPayload<{ include: { room: true } }>;

/** A listed build's incident class and rank 1 of its top list (BuildSummary's), read apart: see buildExtras. */
type BuildExtras = { incidentClass: string | null; topPid: string | null };

/** Ids a list's extras are read for at once: well below the parameters a statement may bind. */
const EXTRAS_CHUNK = 500;

/**
 * `read` over `ids` in slices of EXTRAS_CHUNK, the answers joined: SQLite takes at most 999 bound
 * values a statement, and Prisma splits a long `in` list for findMany but not for groupBy (a soak
 * test: every incidents CSV export of 1,000 or more incidents was a 500, P2029).
 */
async function inSlices<T, K extends number | string = number>(ids: K[], read: (slice: K[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += EXTRAS_CHUNK) out.push(...(await read(ids.slice(i, i + EXTRAS_CHUNK))));
  return out;
}

/**
 * The incident class and rank-1 pid of each listed build, by build id: two reads by key (an
 * incident by its id, the top entries by (pid, buildId)'s companion index on buildId). Prisma's
 * nested `include` of the two read them through subqueries that took 15 and 80 ms for a page of
 * 50 at 100,000 builds on SQLite, against about 1 ms so.
 */
async function buildExtras(rows: { id: number; incidentId: number | null }[]): Promise<Map<number, BuildExtras>> {
  const prisma = getPrisma();
  const incidentIds = [...new Set(rows.flatMap((row) => (row.incidentId === null ? [] : [row.incidentId])))];
  const [tops, incidents] = await Promise.all([
    inSlices(
      rows.map((row) => row.id),
      (slice) => prisma.topEntry.findMany({ where: { buildId: { in: slice }, rank: 1 }, select: { buildId: true, pid: true } }),
    ),
    inSlices(incidentIds, (slice) => prisma.incident.findMany({ where: { id: { in: slice } }, select: { id: true, culpritClass: true } })),
  ]);
  const classOf = new Map(incidents.map((incident) => [incident.id, incident.culpritClass]));
  const extras = new Map<number, BuildExtras>(
    rows.map((row) => [row.id, { incidentClass: row.incidentId === null ? null : (classOf.get(row.incidentId) ?? null), topPid: null }]),
  );
  for (const top of tops) {
    const extra = extras.get(top.buildId);
    if (extra) extra.topPid = top.pid;
  }
  return extras;
}

/** Listed builds with their extras (see buildExtras). */
async function toSummaries(rows: BuildRow[]): Promise<BuildSummary[]> {
  const extras = await buildExtras(rows);
  return rows.map((row) => toSummary(row, extras.get(row.id) ?? { incidentClass: null, topPid: null }));
}

function toSummary(build: BuildRow, extras: BuildExtras): BuildSummary {
  return {
    id: build.id,
    sourceKind: build.sourceKind,
    node: build.node,
    killedCount: build.killedCount,
    job: build.job,
    number: build.number,
    attempt: build.attempt,
    startedAt: iso(build.startedAt),
    url: build.url,
    permalink: buildPermalink(build),
    worstQueueLen: build.worstQueueLen,
    inspectedPid: build.inspectedPid,
    inspectedQueueLen: build.inspectedQueueLen,
    dead: build.inspectedDead,
    incident: build.incident,
    culprit: build.culpritClass
      ? { class: build.culpritClass, subject: build.culpritSubject, service: build.culpritService }
      : null,
    rule: build.culpritRule,
    room: build.room?.jid ?? null,
    incidentClass: extras.incidentClass,
    topPid: extras.topPid,
  };
}

/**
 * One page of a list sorted on a nullable column, NULLs last, then on tie-breakers: the rows that
 * have a value, in the column's order, then — only when the page reaches past them — those that
 * have none. The same rows in the same order as one `ORDER BY x NULLS LAST` query, but each part
 * can be read in the order of an index on x (from the end, descending) and stop after the page:
 * `NULLS LAST` itself is served by no index on SQLite (Prisma writes it `CASE WHEN x IS NULL …`)
 * nor, descending, on PostgreSQL, so every page read and sorted every row that matched.
 */
async function pageNullsLast<T>(
  skip: number,
  take: number,
  parts: {
    /** Rows with a value, sorted; `skip`, `take` as in Prisma. */
    withValue(skip: number, take: number): Promise<T[]>;
    /** Rows without one, sorted on the tie-breakers. */
    withoutValue(skip: number, take: number): Promise<T[]>;
    countWithValue(): Promise<number>;
  },
): Promise<T[]> {
  const first = await parts.withValue(skip, take);
  if (first.length === take) return first;
  // The page ends past the rows with a value: how many there are decides where the others start.
  const valued = first.length > 0 || skip === 0 ? skip + first.length : await parts.countWithValue();
  const rest = await parts.withoutValue(Math.max(0, skip - valued), take - first.length);
  return [...first, ...rest];
}

type BuildOrder = Omit<BuildListQuery, "page" | "pageSize" | "format">;

type BuildKey = SeekKey<"worstQueueLen" | "number" | "attempt" | "job" | "startedAt" | "id">;

/**
 * The builds' order as two parts (see pageNullsLast): those with a value in the sort's column,
 * in its order, then on the tie-breakers; then those without one, on the tie-breakers. The
 * job's tie-breaker `number` is in the database's own NULL order, as Prisma writes it.
 */
function buildParts(query: BuildOrder, where: Prisma.BuildWhereInput) {
  const direction = query.order;
  const id: BuildKey = { field: "id", direction, nulls: "none" };
  // A number's attempts in their order (a re-run may be uploaded before its first run).
  const attempt: BuildKey = { field: "attempt", direction, nulls: "none" };
  const [column, tieBreakers]: [BuildKey["field"], BuildKey[]] =
    query.sort === "queueLen"
      ? ["worstQueueLen", [id]]
      : query.sort === "number"
        ? ["number", [attempt, id]]
        : query.sort === "job"
          ? ["job", [{ field: "number", direction, nulls: nullPlacement(getDialect(), direction) }, attempt, id]]
          : ["startedAt", [id]];
  return {
    withValue: {
      where: { AND: [where, { [column]: { not: null } }] } as Prisma.BuildWhereInput,
      keys: [{ field: column, direction, nulls: "none" }, ...tieBreakers] as BuildKey[],
    },
    withoutValue: { where: { AND: [where, { [column]: null }] } as Prisma.BuildWhereInput, keys: tieBreakers },
  };
}

/** Builds matching the filters, sorted. */
function buildPager(query: BuildOrder, where: Prisma.BuildWhereInput): Pager<BuildSummary> {
  const prisma = getPrisma();
  const { withValue, withoutValue } = buildParts(query, where);
  const part = (partWhere: Prisma.BuildWhereInput, keys: BuildKey[]) => (skip: number, take: number) =>
    prisma.build.findMany({ where: partWhere, orderBy: seekOrderBy(keys), include: { room: true }, skip, take });
  return {
    read: async (skip, take) =>
      toSummaries(
        await pageNullsLast(skip, take, {
          withValue: part(withValue.where, withValue.keys),
          withoutValue: part(withoutValue.where, withoutValue.keys),
          countWithValue: () => prisma.build.count({ where: withValue.where }),
        }),
      ),
    count: () => prisma.build.count({ where }),
  };
}

/** Builds matching the filters, sorted and paginated. */
export async function listBuilds(query: BuildListQuery): Promise<Page<BuildSummary>> {
  return readPage(buildPager(query, await buildWhere(query)), query);
}

/** Where a process sat in each build's top list: its rank and queue, by build id (builds whose list lacks it are left out). */
export type TopPlace = { rank: number; queueLen: number };

/**
 * The top-list place of `pid` in each of `buildIds` (the builds page filtered by a pid: its own
 * queue there, where the list's largest is another process's). A read by the (pid, buildId) index.
 */
export async function topPlaces(pid: string, buildIds: number[]): Promise<Map<number, TopPlace>> {
  const prisma = getPrisma();
  const rows = await inSlices(buildIds, (slice) =>
    prisma.topEntry.findMany({ where: { pid, buildId: { in: slice } }, select: { buildId: true, rank: true, queueLen: true }, orderBy: { rank: "asc" } }),
  );
  const places = new Map<number, TopPlace>();
  // (A list naming one pid twice keeps its first place.)
  for (const row of rows) if (!places.has(row.buildId)) places.set(row.buildId, { rank: row.rank, queueLen: row.queueLen });
  // `rex` (see RPC_SERVER): in a build judged the rpc server, the place of the pid it inspected, which is rex.
  const rest = buildIds.filter((id) => !places.has(id));
  if (pid === RPC_SERVER && rest.length > 0) {
    const rex = await inSlices(rest, (slice) =>
      prisma.build.findMany({ where: { id: { in: slice }, culpritClass: "rpc", inspectedPid: { not: null } }, select: { id: true, inspectedPid: true } }),
    );
    // One read for a page's builds (a read a build made /builds?pid=rex&pageSize=500 take 0.6 to 0.9 s at 100,000 builds: a diff review).
    // (Two parameters a build: 200 builds a read keeps it well under a database's bound.)
    for (let i = 0; i < rex.length; i += 200) {
      const entries = await prisma.topEntry.findMany({
        where: { OR: rex.slice(i, i + 200).map((build) => ({ buildId: build.id, pid: build.inspectedPid! })) },
        select: { buildId: true, rank: true, queueLen: true },
        orderBy: { rank: "asc" },
      });
      for (const entry of entries) if (!places.has(entry.buildId)) places.set(entry.buildId, { rank: entry.rank, queueLen: entry.queueLen });
    }
  }
  return places;
}

/** Every build matching the filters, in listBuilds' order, a chunk at a time (see exportAll). */
export async function exportBuilds(query: BuildOrder, options: ExportOptions = {}): Promise<Export<BuildSummary>> {
  const prisma = getPrisma();
  const { _max } = await prisma.build.aggregate({ _max: { id: true } });
  const where: Prisma.BuildWhereInput = { AND: [await buildWhere(query), { id: { lte: _max.id ?? 0 } }] };
  const part =
    ({ where: partWhere, keys }: { where: Prisma.BuildWhereInput; keys: BuildKey[] }): SeekPart<BuildRow> =>
    (cursor, take) =>
      prisma.build.findMany({ where: seeking(partWhere, keys, cursor), orderBy: seekOrderBy(keys), include: { room: true }, take });
  const { withValue, withoutValue } = buildParts(query, where);
  return exportAll({
    count: () => prisma.build.count({ where }),
    parts: [part(withValue), part(withoutValue)],
    toItems: toSummaries,
    chunkSize: options.chunkSize,
  });
}

async function neighbour(build: BuildRow, direction: "previous" | "next"): Promise<NeighbourBuild | null> {
  if (build.job === null || build.number === null) return null;
  const before = direction === "previous";
  const order = before ? ("desc" as const) : ("asc" as const);
  const select = { id: true, job: true, number: true, attempt: true, incident: true, culpritClass: true, culpritSubject: true };
  // Two range reads of the (job, number, attempt) index, each stopping at its first row: another
  // attempt of the same number, else the nearest number. (One query with an OR of the two read the
  // index from the job's end up to the build: every build of a long job, for an old one.)
  const found =
    (await getPrisma().build.findFirst({
      where: { job: build.job, number: build.number, attempt: before ? { lt: build.attempt } : { gt: build.attempt } },
      orderBy: { attempt: order },
      select,
    })) ??
    (await getPrisma().build.findFirst({
      where: { job: build.job, number: before ? { lt: build.number } : { gt: build.number } },
      orderBy: [{ number: order }, { attempt: order }],
      select,
    }));
  if (!found) return null;
  const culprit = found.culpritClass ? { class: found.culpritClass, subject: found.culpritSubject } : null;
  return { number: found.number, attempt: found.attempt, permalink: buildPermalink(found), incident: found.incident, culprit };
}

/** Every attempt of the build's number (see BuildDetail.attempts). */
async function attemptsOf(build: BuildRow): Promise<BuildDetail["attempts"]> {
  if (build.job === null || build.number === null) return [];
  const rows = await getPrisma().build.findMany({
    where: { job: build.job, number: build.number },
    orderBy: { attempt: "asc" },
    select: { id: true, job: true, number: true, attempt: true, startedAt: true },
  });
  return rows.map((row) => ({ attempt: row.attempt, permalink: buildPermalink(row), startedAt: iso(row.startedAt) }));
}

function parseJsonArray(text: string | null): string[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
}

/**
 * One build with everything its analysis page shows; null when there is none. Without `attempt`, the
 * number's first stored attempt: attempt 1, or the earliest re-run stored when attempt 1 never was
 * (its push failed): the plain permalink names the build whichever of its runs arrived.
 */
export async function getBuild(where: { id: number } | { job: string; number: number; attempt?: number }): Promise<BuildDetail | null> {
  const prisma = getPrisma();
  const build = await prisma.build.findFirst({
    where: "id" in where ? { id: where.id } : { job: where.job, number: where.number, attempt: where.attempt },
    orderBy: { attempt: "asc" },
    include: {
      room: true,
      log: true,
      top: { orderBy: { rank: "asc" } },
      samples: { orderBy: { index: "asc" } },
      incidentGroup: { include: { room: true } },
    },
  });
  if (!build) return null;
  const [previous, next, attempts, incidentSpan] = await Promise.all([
    neighbour(build, "previous"),
    neighbour(build, "next"),
    attemptsOf(build),
    build.incidentGroup ? toIncidentDtos([build.incidentGroup]).then((list) => list[0] ?? null) : null,
  ]);
  const [earlier, alongside] = await Promise.all([build.incidentGroup ? earlierIncidents(build.incidentGroup) : null, incidentsAlongside(build)]);
  return {
    ...toSummary(build, {
      incidentClass: build.incidentGroup?.culpritClass ?? null,
      topPid: build.top.find((entry) => entry.rank === 1)?.pid ?? null,
    }),
    evidence: parseJsonArray(build.culpritEvidence),
    top: build.top.map(({ rank, pid, queueLen }) => ({ rank, pid, queueLen })),
    samples: build.samples.map((sample) => ({
      id: sample.id,
      index: sample.index,
      kind: sample.kind,
      summary: sample.summary,
      destination: sample.destination,
      raw: sample.raw,
      decoded: parseJsonArray(sample.decoded),
    })),
    log: {
      id: build.log.id,
      fileName: build.log.fileName,
      sha256: build.log.sha256,
      uploadedAt: iso(build.log.uploadedAt) ?? "",
    },
    incidentSpan,
    earlier,
    alongside,
    previous,
    next,
    attempts,
  };
}

/** At most this many incidents a build page names alongside its own. */
const ALONGSIDE_MAX = 5;

/** BuildDetail.alongside: the job's other incidents whose process is lower in this build's top list while they go on. */
async function incidentsAlongside(build: {
  job: string | null;
  at: Date | null;
  incidentId: number | null;
  inspectedPid: string | null;
  top: { rank: number; pid: string; queueLen: number }[];
}): Promise<BuildDetail["alongside"]> {
  const at = build.at;
  const lower = build.top.filter((entry) => entry.pid !== build.inspectedPid);
  if (at === null || lower.length === 0) return [];
  const pids = [...new Set(lower.map((entry) => entry.pid))];
  const prisma = getPrisma();
  // The incidents those pids were stuck in, from the builds that inspected them (the inspectedPid
  // index), then those going on at this build's time: not every incident of the job tested in turn.
  // (In slices: a top list may hold 1,000 pids, past a database's bound on a query's parameters.)
  const stuck = await inSlices(pids, (slice) =>
    prisma.build.findMany({ where: { inspectedPid: { in: slice }, job: build.job, incidentId: { not: null } }, select: { incidentId: true, inspectedPid: true } }),
  );
  /** Each incident, and a pid of this build's list that one of its builds inspected. */
  const pidOf = new Map<number, string>();
  for (const row of stuck) if (row.incidentId !== build.incidentId && !pidOf.has(row.incidentId as number)) pidOf.set(row.incidentId as number, row.inspectedPid as string);
  if (pidOf.size === 0) return [];
  const rows = await inSlices([...pidOf.keys()], (slice) =>
    prisma.incident.findMany({
      where: { id: { in: slice }, firstAt: { lte: at }, OR: [{ lastAt: { gte: at } }, { lastSeenAt: { gte: at } }] },
      include: { room: true },
    }),
  );
  rows.sort((a, b) => (a.firstAt?.getTime() ?? 0) - (b.firstAt?.getTime() ?? 0) || a.id - b.id);
  rows.splice(ALONGSIDE_MAX);
  const incidents = await toIncidentDtos(rows);
  return rows.flatMap((row, i) => {
    const entry = lower.find((e) => e.pid === pidOf.get(row.id));
    const incident = incidents[i];
    return entry && incident ? [{ pid: entry.pid, rank: entry.rank, queueLen: entry.queueLen, incident }] : [];
  });
}

/**
 * Incidents of the same job and key (room or pid) that came before `incident` in build order
 * (BuildDetail.earlier): two incidents of one key never overlap, so the order of their first builds
 * in the grouping's own order (lib/db/store/incidents.ts buildOrder) is theirs. Not by time: builds
 * of one time, or logs whose times are wrong, would tie or invert them.
 */
async function earlierIncidents(incident: { id: number; job: string | null; keyKind: string; key: string }): Promise<BuildDetail["earlier"]> {
  const prisma = getPrisma();
  const job = incident.job === null ? PrismaNs.sql`i."job" IS NULL` : PrismaNs.sql`i."job" = ${incident.job}`;
  const ordered = await prisma.$queryRaw<{ id: number | bigint }[]>`
    SELECT i."id" FROM "Incident" i JOIN "Build" b ON b."id" = i."firstBuildId"
     WHERE ${job} AND i."keyKind" = ${incident.keyKind} AND i."key" = ${incident.key}
     ORDER BY ${PrismaNs.raw(buildOrder("b."))}`;
  const at = ordered.findIndex((row) => Number(row.id) === incident.id);
  if (at <= 0) return null;
  const row = await prisma.incident.findUnique({ where: { id: Number(ordered[at - 1]!.id) }, include: { room: true } });
  const [dto] = row ? await toIncidentDtos([row]) : [];
  return dto ? { count: at, latest: dto } : null;
}

type IncidentRow = Prisma.IncidentGetPayload<{ include: { room: true } }>;

async function toIncidentDtos(rows: IncidentRow[]): Promise<IncidentDto[]> {
  const ids = [
    ...new Set(
      rows.flatMap((row) => [row.firstBuildId, row.lastBuildId, ...(row.lastSeenBuildId === null ? [] : [row.lastSeenBuildId]), ...(row.peakBuildId === null ? [] : [row.peakBuildId])]),
    ),
  ];
  const builds = await inSlices(ids, (slice) =>
    getPrisma().build.findMany({
      where: { id: { in: slice } },
      select: { id: true, job: true, number: true, attempt: true, startedAt: true, sourceKind: true, node: true, inspectedPid: true, inspectedQueueLen: true, inspectedDead: true },
    }),
  );
  // Which queue a build's culprit figure is (as the grouping takes it: lib/db/store/incidents.ts loadFacts).
  const figureOf = new Map<number, NonNullable<IncidentDto["peakFrom"]>>(
    builds.map((b) => [b.id, b.inspectedQueueLen !== null ? "inspected" : b.inspectedPid !== null && b.inspectedDead ? "died" : "topList"]),
  );
  const byId = new Map<number, BuildRef>(
    builds.map((b) => [
      b.id,
      { number: b.number, attempt: b.attempt, permalink: buildPermalink(b), startedAt: iso(b.startedAt), sourceKind: b.sourceKind, node: b.node },
    ]),
  );
  // The pids its builds inspected, by incident, each from its first build in build order (the
  // grouping's: number, then time, then id). Not by id alone: ids follow the uploads, and logs
  // uploaded out of order or at once (a PostgreSQL review) listed a later build's pid first.
  const inspected = await inSlices(
    rows.map((row) => row.id),
    (slice) =>
      getPrisma().build.groupBy({
        by: ["incidentId", "inspectedPid"],
        where: { incidentId: { in: slice }, inspectedPid: { not: null } },
        _min: { number: true, startedAt: true, id: true },
      }),
  );
  const nullsLast = (a: number | null | undefined, b: number | null | undefined) => (a == null ? (b == null ? 0 : 1) : b == null ? -1 : a - b);
  inspected.sort(
    (a, b) =>
      nullsLast(a._min.number, b._min.number) ||
      nullsLast(a._min.startedAt?.getTime(), b._min.startedAt?.getTime()) ||
      (a._min.id ?? 0) - (b._min.id ?? 0),
  );
  const pidsOf = new Map<number, string[]>();
  for (const group of inspected) {
    if (group.incidentId === null || group.inspectedPid === null) continue;
    const list = pidsOf.get(group.incidentId) ?? [];
    list.push(group.inspectedPid);
    pidsOf.set(group.incidentId, list);
  }
  const missing = (id: number): BuildRef => ({ number: null, attempt: 1, permalink: `/builds/by-id/${id}`, startedAt: null, sourceKind: "monitor", node: null });
  // Its distinct build numbers (a re-run counts once: an on-call review saw "16 builds from #42054
  // to #42068", 15 numbers, and a number missing beside a re-run said nothing), read for incidents
  // of more than one numbered build: one pass over their builds, as the pids' read above makes.
  const spanOf = (row: IncidentRow) => {
    const from = byId.get(row.firstBuildId)?.number;
    const to = byId.get(row.lastBuildId)?.number;
    return from != null && to != null && to >= from ? { from, to } : null;
  };
  const unsure = rows.filter((row) => row.buildCount > 1 && spanOf(row) !== null);
  const stored = new Map<number, number>(
    (
      await inSlices(
        unsure.map((row) => row.id),
        (slice) => getPrisma().$queryRaw<{ id: number | bigint; n: number | bigint }[]>`
          SELECT b."incidentId" AS "id", COUNT(DISTINCT b."number") AS "n" FROM "Build" b
           WHERE b."incidentId" IN (${PrismaNs.join(slice)}) GROUP BY b."incidentId"`,
      )
    ).map((row) => [Number(row.id), Number(row.n)]),
  );
  const numbersOf = (row: IncidentRow): IncidentDto["numbers"] => {
    const span = spanOf(row);
    const n = stored.get(row.id);
    return span && n !== undefined && n < span.to - span.from + 1 ? { ...span, stored: n } : null;
  };
  return rows.map((row) => ({
    id: row.id,
    job: row.job,
    keyKind: row.keyKind,
    key: row.key,
    culpritClass: row.culpritClass,
    subject: row.subject,
    room: row.room?.jid ?? null,
    firstAt: iso(row.firstAt),
    lastAt: iso(row.lastAt),
    // As stored by the regroup (what sort=durationMs orders by), not computed again here.
    durationMs: row.durationMs,
    buildCount: row.buildCount,
    peakQueueLen: row.peakQueueLen,
    // A peak build no longer stored (an older version wrote the incident after it was pruned: a rollback) names none.
    peakBuild: row.peakBuildId === null ? null : (byId.get(row.peakBuildId) ?? null),
    peakFrom: row.peakBuildId === null ? null : (figureOf.get(row.peakBuildId) ?? null),
    firstBuild: byId.get(row.firstBuildId) ?? missing(row.firstBuildId),
    lastBuild: byId.get(row.lastBuildId) ?? missing(row.lastBuildId),
    lastSeenBuild: row.lastSeenBuildId === null ? null : (byId.get(row.lastSeenBuildId) ?? missing(row.lastSeenBuildId)),
    lastSeenAt: row.lastSeenBuildId === null ? null : iso(row.lastSeenAt),
    ongoing: row.open,
    // None inspected: its key is rank 1 of its builds' top list (groupIncidents' `uninspected`).
    pids: pidsOf.get(row.id) ?? (row.keyKind === "pid" ? [row.key] : []),
    provisional: !pidsOf.has(row.id),
    numbers: numbersOf(row),
  }));
}

function incidentWhere(filter: Filter & IncidentFilter): Prisma.IncidentWhereInput {
  return {
    id: filter.incidentId,
    open: filter.ongoing === undefined ? undefined : filter.ongoing === "true",
    job: filter.job,
    ...(filter.excludeJob === undefined ? {} : { AND: notJob<Prisma.IncidentWhereInput>(filter.excludeJob) }),
    culpritClass: filter.class,
    room: filter.room ? roomWhere(filter.room) : undefined,
    // An incident holds a pid when its stuck process had it: a build of its (whose culprit it is)
    // inspected that pid. Those are the pids it is grouped on (IncidentSpan.pids, read back from
    // "inspectedPid" when an upload resumes it); a pid that only sat lower in a build's top list
    // is another process, with incidents of its own.
    // A build that inspected no process had its top-list leader stuck (lib/incidents/group.ts).
    builds:
      filter.pid || filter.sourceKind || filter.logId
        ? {
            some: {
              sourceKind: filter.sourceKind,
              logId: filter.logId,
              OR: filter.pid
                ? [
                    { inspectedPid: filter.pid },
                    { inspectedPid: null, top: { some: { pid: filter.pid, rank: 1 } } },
                    ...(filter.pid === RPC_SERVER ? [{ culpritClass: "rpc" }] : []),
                  ]
                : undefined,
            },
          }
        : undefined,
    // An incident is in the range when it overlaps it.
    lastAt: filter.from ? { gte: new Date(filter.from) } : undefined,
    firstAt: filter.to ? { lt: new Date(filter.to) } : undefined,
  };
}

/**
 * One incident, or null when no incident has this id: merged into another by a regroup, or never
 * stored (ids are not reused). Pages say so instead of showing an empty list for a shared link.
 */
export async function getIncident({ id }: { id: number }): Promise<IncidentDto | null> {
  const row = await getPrisma().incident.findUnique({ where: { id }, include: { room: true } });
  return row ? ((await toIncidentDtos([row]))[0] ?? null) : null;
}

type IncidentKey = SeekKey<IncidentSort | "id">;

/** An incident list's order: `sort` (default lastAt, when it was last seen) and `order` (default desc). */
export type IncidentOrder = { sort?: IncidentSort; order?: "asc" | "desc" };

/**
 * The incidents' order as two parts (see pageNullsLast): those with a value in the sort's column,
 * in its order, then by id in the same direction; then those without one (no time known: lastAt,
 * firstAt, durationMs), by id. Latest first by default. (peakQueueLen and buildCount are never NULL.)
 */
function incidentParts(where: Prisma.IncidentWhereInput, { sort = "lastAt", order = "desc" }: IncidentOrder = {}) {
  const id: IncidentKey = { field: "id", direction: order, nulls: "none" };
  if (sort === "peakQueueLen" || sort === "buildCount") {
    // Never NULL: one part (the second reads nothing).
    return {
      withValue: { where, keys: [{ field: sort, direction: order, nulls: "none" }, id] as IncidentKey[] },
      withoutValue: { where: { AND: [where, { id: { lt: 0 } }] } as Prisma.IncidentWhereInput, keys: [id] },
    };
  }
  return {
    withValue: {
      where: { AND: [where, { [sort]: { not: null } }] } as Prisma.IncidentWhereInput,
      keys: [{ field: sort, direction: order, nulls: "none" }, id] as IncidentKey[],
    },
    withoutValue: { where: { AND: [where, { [sort]: null }] } as Prisma.IncidentWhereInput, keys: [id] },
  };
}

/** Incidents matching the filters, in `query`'s order. */
function incidentPager(query: Filter & IncidentFilter & IncidentOrder): Pager<IncidentDto> {
  const prisma = getPrisma();
  const where = incidentWhere(query);
  const { withValue, withoutValue } = incidentParts(where, query);
  const part = (partWhere: Prisma.IncidentWhereInput, keys: IncidentKey[]) => (skip: number, take: number) =>
    prisma.incident.findMany({ where: partWhere, include: { room: true }, orderBy: seekOrderBy(keys), skip, take });
  return {
    read: async (skip, take) =>
      toIncidentDtos(
        await pageNullsLast(skip, take, {
          withValue: part(withValue.where, withValue.keys),
          withoutValue: part(withoutValue.where, withoutValue.keys),
          countWithValue: () => prisma.incident.count({ where: withValue.where }),
        }),
      ),
    count: () => prisma.incident.count({ where }),
  };
}

/** Incidents (stuck across builds), latest first unless `sort`/`order` say otherwise. */
export async function listIncidents(query: ListQuery & IncidentFilter & IncidentOrder): Promise<Page<IncidentDto>> {
  return readPage(incidentPager(query), query);
}

/**
 * Every incident matching the filters, in listIncidents' order, a chunk at a time (see exportAll).
 * An upload's regroup may still replace some while the export runs (new ids, past the cap), or
 * move one before the chunk being read (its lastAt updated): those are left out, the others stay.
 */
export async function exportIncidents(filter: Filter & IncidentFilter & IncidentOrder, options: ExportOptions = {}): Promise<Export<IncidentDto>> {
  const prisma = getPrisma();
  const { _max } = await prisma.incident.aggregate({ _max: { id: true } });
  const where: Prisma.IncidentWhereInput = { AND: [incidentWhere(filter), { id: { lte: _max.id ?? 0 } }] };
  const part =
    ({ where: partWhere, keys }: { where: Prisma.IncidentWhereInput; keys: IncidentKey[] }): SeekPart<IncidentRow> =>
    (cursor, take) =>
      prisma.incident.findMany({ where: seeking(partWhere, keys, cursor), include: { room: true }, orderBy: seekOrderBy(keys), take });
  const { withValue, withoutValue } = incidentParts(where, filter);
  return exportAll({
    count: () => prisma.incident.count({ where }),
    parts: [part(withValue), part(withoutValue)],
    toItems: toIncidentDtos,
    chunkSize: options.chunkSize,
  });
}

/**
 * The incidents listIncidents lists for these filters (its WHERE: incidentWhere), counted by when
 * they started (firstAt) and class, per bucket of the display clock (lib/time-buckets.ts): the chart
 * above the list. Dates as ISO strings.
 */
export type IncidentStarts = {
  size: BucketSize;
  /** `gap`: a long stretch without a start, cut out and drawn as one bucket (lib/time-buckets.ts countByBucket). */
  buckets: { start: string; end: string; counts: Record<string, number>; total: number; gap?: true }[];
  /** Counted in the buckets. */
  charted: number;
  /** Listed but not charted: started before `from` (the list keeps incidents that overlap the range). */
  earlier: number;
  /** Listed but not charted: no build of theirs gives a time. */
  untimed: number;
};

/**
 * incidentWhere as one SQL condition on Incident alias `i` (countIncidentStarts' grouped counts):
 * the same incidents for every filter (lib/db/incident-starts.test.ts compares them with the list).
 */
function incidentWhereSql(filter: Filter & IncidentFilter): Prisma.Sql {
  const parts: Prisma.Sql[] = [PrismaNs.sql`1 = 1`];
  // A boolean on PostgreSQL, 0 or 1 on SQLite: read as a condition on both.
  if (filter.ongoing !== undefined) parts.push(filter.ongoing === "true" ? PrismaNs.sql`i."open"` : PrismaNs.sql`NOT i."open"`);
  if (filter.incidentId) parts.push(PrismaNs.sql`i."id" = ${filter.incidentId}`);
  if (filter.job) parts.push(PrismaNs.sql`i."job" = ${filter.job}`);
  if (filter.excludeJob) parts.push(PrismaNs.sql`(i."job" IS NULL OR i."job" <> ${filter.excludeJob})`);
  if (filter.class) parts.push(PrismaNs.sql`i."culpritClass" = ${filter.class}`);
  if (filter.room) {
    parts.push(
      isRoomName(filter.room)
        ? PrismaNs.sql`i."roomId" IN (SELECT "id" FROM "Room" WHERE "name" = ${filter.room})`
        : PrismaNs.sql`i."roomId" = (SELECT "id" FROM "Room" WHERE "jid" = ${filter.room})`,
    );
  }
  if (filter.pid || filter.sourceKind || filter.logId) {
    // A build of the incident with them (incidentWhere's `builds: { some }`): the builds from
    // their indexes (inspectedPid, TopEntry's pid, logId), their incidents' ids from those.
    const of = [PrismaNs.sql`1 = 1`];
    if (filter.sourceKind) of.push(PrismaNs.sql`b."sourceKind" = ${filter.sourceKind}`);
    if (filter.logId) of.push(PrismaNs.sql`b."logId" = ${filter.logId}`);
    const builds = PrismaNs.join(of, " AND ");
    parts.push(
      filter.pid
        ? PrismaNs.sql`i."id" IN (SELECT b."incidentId" FROM "Build" b WHERE b."inspectedPid" = ${filter.pid} AND ${builds}
                                  UNION SELECT b."incidentId" FROM "TopEntry" t JOIN "Build" b ON b."id" = t."buildId"
                                   WHERE t."pid" = ${filter.pid} AND t."rank" = 1 AND b."inspectedPid" IS NULL AND ${builds}
                                  ${filter.pid === RPC_SERVER ? PrismaNs.sql`UNION SELECT b."incidentId" FROM "Build" b WHERE b."culpritClass" = 'rpc' AND ${builds}` : PrismaNs.empty})`
        : PrismaNs.sql`i."id" IN (SELECT b."incidentId" FROM "Build" b WHERE ${builds})`,
    );
  }
  if (filter.from) parts.push(PrismaNs.sql`i."lastAt" >= ${new Date(filter.from)}`);
  if (filter.to) parts.push(PrismaNs.sql`i."firstAt" < ${new Date(filter.to)}`);
  return PrismaNs.join(parts, " AND ");
}

/**
 * The whole ms `a` divided by `n`, rounded down, for any time from the year -1000 on: SQL's integer
 * division rounds toward zero, so `a` is first moved past zero by a whole multiple of `n` (taken
 * off again in `back`). One use of `a`, evaluated once per row.
 */
function floorDiv(a: Prisma.Sql, n: number): { sql: Prisma.Sql; back: (key: number) => number } {
  const lift = Math.ceil(1e14 / n);
  return { sql: PrismaNs.sql`((${a}) + ${PrismaNs.raw(String(lift * n))}) / ${PrismaNs.raw(String(n))}`, back: (key) => key - lift };
}

const MS_HOUR = 3_600_000;
const MS_DAY = 24 * MS_HOUR;
const MS_WEEK = 7 * MS_DAY;
/** Mondays are 1970-01-05 plus whole weeks (as in lib/time-buckets.ts). */
const MS_MONDAY = 4 * MS_DAY;

/**
 * A bucket key (an integer) for `w`, a time in ms on the display clock (UTC ms + its offset), the
 * same for two times only when they are in one bucket of `unit`, and the start (UTC ms, `shift`
 * the offset in ms) of the hour, day or week a key stands for. Months and years are keyed by their
 * days (each wall day lies in one) and found by bucketStart: no calendar in SQL, where the two
 * databases' would differ.
 */
function bucketKey(unit: BucketUnit, w: Prisma.Sql, shift: number): { key: Prisma.Sql; start: (key: number) => number } {
  if (unit === "hour") {
    const { sql, back } = floorDiv(w, MS_HOUR);
    return { key: sql, start: (key) => back(key) * MS_HOUR - shift };
  }
  if (unit === "week") {
    const { sql, back } = floorDiv(PrismaNs.sql`${w} - ${PrismaNs.raw(String(MS_MONDAY))}`, MS_WEEK);
    return { key: sql, start: (key) => back(key) * MS_WEEK + MS_MONDAY - shift };
  }
  const { sql, back } = floorDiv(w, MS_DAY);
  return { key: sql, start: (key) => back(key) * MS_DAY - shift };
}

type Instant = Date | string | bigint | number;
type StartGroup = { key: bigint | number; culpritClass: string; n: bigint | number; first: Instant; last: Instant };

/** A time from countIncidentStarts' queries in ms: a timestamp (PostgreSQL) or a number of ms (SQLite). */
const msOf = (value: Instant): number => (value instanceof Date ? value.getTime() : typeof value === "string" ? Date.parse(value) : Number(value));

/**
 * See IncidentStarts. Counted by the database, never a row per incident (at 100,000 incidents
 * that took 240-590 ms on SQLite): the listed incidents' earliest and latest start, then their
 * count, first and last start per bucket of the whole span's size and class, which give the
 * buckets (lib/time-buckets.ts bucketLayout: the same as from every start) and, unless long empty
 * stretches were cut out and the buckets are smaller, their counts; else a count per smaller
 * bucket and class. `offsetMinutes`: the display clock's, east of UTC.
 */
export async function countIncidentStarts(filter: Filter & IncidentFilter, { offsetMinutes = 0 }: { offsetMinutes?: number } = {}): Promise<IncidentStarts> {
  const prisma = getPrisma();
  const pg = getDialect() === "postgres";
  const where = incidentWhereSql(filter);
  // The list keeps the incidents that overlap the range: those that started before it are not charted.
  const from = filter.from ? new Date(filter.from) : null;
  // A start SQLite cannot read as a time (one before year 1 that an older version stored: the upload
  // refuses it now) counts as none: it was a key of no bucket, and the chart failed (a review).
  const timed = pg ? PrismaNs.sql`i."firstAt" IS NOT NULL` : PrismaNs.sql`julianday(i."firstAt") IS NOT NULL`;
  const charted = from ? PrismaNs.sql`${timed} AND i."firstAt" >= ${from}` : timed;
  // A start in whole ms, and its earliest and latest: PostgreSQL compares its timestamps (and
  // date_part is faster than EXTRACT's numeric); SQLite's are text, compared as ms. Both exact
  // to the ms (julianday and date_part are off by 0.05 ms at most, rounded off).
  const ms = pg
    ? PrismaNs.sql`ROUND(date_part('epoch', i."firstAt") * 1000)::bigint`
    : PrismaNs.sql`CAST(ROUND((julianday(i."firstAt") - 2440587.5) * 86400000) AS INTEGER)`;
  const [earliest, latest] = pg ? [PrismaNs.sql`MIN(i."firstAt")`, PrismaNs.sql`MAX(i."firstAt")`] : [PrismaNs.sql`MIN(${ms})`, PrismaNs.sql`MAX(${ms})`];
  const [[counts], [span]] = await Promise.all([
    prisma.$queryRaw<{ earlier: bigint | number | null; untimed: bigint | number | null }[]>`
      SELECT SUM(CASE WHEN ${timed} THEN 0 ELSE 1 END) AS "untimed",
             SUM(CASE WHEN ${from ? PrismaNs.sql`${timed} AND i."firstAt" < ${from}` : PrismaNs.sql`1 = 0`} THEN 1 ELSE 0 END) AS "earlier"
        FROM "Incident" i WHERE ${where}`,
    prisma.$queryRaw<{ first: Instant | null; last: Instant | null }[]>`
      SELECT ${earliest} AS "first", ${latest} AS "last" FROM "Incident" i WHERE ${where} AND ${charted}`,
  ]);
  const earlier = Number(counts?.earlier ?? 0);
  const untimed = Number(counts?.untimed ?? 0);
  if (!span || span.first === null || span.last === null) return startsDto(bucketLayout([]), earlier, untimed);
  // Written into the SQL as a whole number: integer arithmetic there, on both databases.
  const shift = offsetMinutes * 60_000;
  if (!Number.isInteger(shift)) throw new RangeError(`offsetMinutes: not a whole number of minutes: ${offsetMinutes}`);
  const w = PrismaNs.sql`${ms} + ${PrismaNs.raw(String(shift))}`;
  const grouped = async (unit: BucketUnit) =>
    prisma.$queryRaw<StartGroup[]>`
      SELECT ${bucketKey(unit, w, shift).key} AS "key", i."culpritClass", COUNT(*) AS "n", ${earliest} AS "first", ${latest} AS "last"
        FROM "Incident" i WHERE ${where} AND ${charted}
       GROUP BY 1, 2`;
  const whole = bucketSize(msOf(span.last) - msOf(span.first));
  const groups = await grouped(whole.unit);
  // The first and last start of each bucket (of the key's, at most the whole span's size), in order.
  const ends = new Map<number, [number, number]>();
  for (const group of groups) {
    const k = Number(group.key);
    const [first, last] = [msOf(group.first), msOf(group.last)];
    const seen = ends.get(k);
    ends.set(k, seen ? [Math.min(seen[0], first), Math.max(seen[1], last)] : [first, last]);
  }
  const ats = [...ends.entries()].sort(([a], [b]) => a - b).flatMap(([, pair]) => pair);
  const { size, buckets } = bucketLayout(ats, offsetMinutes);
  const counted = size.unit === whole.unit && size.step === whole.step ? groups : await grouped(size.unit);
  const { start } = bucketKey(size.unit, w, shift);
  const index = bucketIndex(buckets);
  for (const group of counted) addToBucket(index, bucketStart(start(Number(group.key)), size, offsetMinutes), group.culpritClass, Number(group.n));
  return startsDto({ size, buckets }, earlier, untimed);
}

function startsDto({ size, buckets }: { size: BucketSize; buckets: Bucket[] }, earlier: number, untimed: number): IncidentStarts {
  return {
    size,
    buckets: buckets.map((bucket) => ({ ...bucket, start: new Date(bucket.start).toISOString(), end: new Date(bucket.end).toISOString() })),
    charted: buckets.reduce((sum, bucket) => sum + bucket.total, 0),
    earlier,
    untimed,
  };
}

/** SQL conditions on Build alias `b` for the shared filters that are set (none: an empty list). */
function filterParts(filter: SqlFilter): Prisma.Sql[] {
  const parts: Prisma.Sql[] = [];
  if (filter.job) parts.push(PrismaNs.sql`b."job" = ${filter.job}`);
  if (filter.excludeJob) parts.push(PrismaNs.sql`(b."job" IS NULL OR b."job" <> ${filter.excludeJob})`);
  // Classified so, or an incident build that inspected nothing, of an incident of that class
  // (classWhere); the OR only when there is such a build (sqlFilter), each one's incident by its key.
  if (filter.class && !filter.classWithUninspected) parts.push(PrismaNs.sql`b."culpritClass" = ${filter.class}`);
  if (filter.class && filter.classWithUninspected) {
    parts.push(PrismaNs.sql`(b."culpritClass" = ${filter.class}
                             OR (b."inspectedPid" IS NULL AND b."culpritClass" IS NULL AND b."incident" = ${true}
                                 AND EXISTS (SELECT 1 FROM "Incident" i WHERE i."id" = b."incidentId" AND i."culpritClass" = ${filter.class})))`);
  }
  if (filter.sourceKind) parts.push(PrismaNs.sql`b."sourceKind" = ${filter.sourceKind}`);
  // The builds the pid is in, as buildWhere keeps them: inspected, or anywhere in the top list.
  // Their ids come from the indexes on "inspectedPid" and TopEntry (pid, buildId): written with
  // OR, PostgreSQL read every build to test it (77 ms at 100,000 builds for a pid in none, 0.5 ms so).
  if (filter.pid) {
    parts.push(PrismaNs.sql`b."id" IN (SELECT p."id" FROM "Build" p WHERE p."inspectedPid" = ${filter.pid}
                                       UNION SELECT t."buildId" FROM "TopEntry" t WHERE t."pid" = ${filter.pid}
                                       ${filter.pid === RPC_SERVER ? PrismaNs.sql`UNION SELECT p."id" FROM "Build" p WHERE p."culpritClass" = 'rpc'` : PrismaNs.empty})`);
  }
  if (filter.room) {
    parts.push(
      isRoomName(filter.room)
        ? PrismaNs.sql`b."roomId" IN (SELECT "id" FROM "Room" WHERE "name" = ${filter.room})`
        : PrismaNs.sql`b."roomId" = (SELECT "id" FROM "Room" WHERE "jid" = ${filter.room})`,
    );
  }
  if (filter.from) parts.push(PrismaNs.sql`b."startedAt" >= ${new Date(filter.from)}`);
  if (filter.to) parts.push(PrismaNs.sql`b."startedAt" < ${new Date(filter.to)}`);
  if (filter.incident) parts.push(PrismaNs.sql`b."incident" = ${filter.incident === "true"}`);
  if (filter.incidentId) parts.push(PrismaNs.sql`b."incidentId" = ${filter.incidentId}`);
  if (filter.logId) parts.push(PrismaNs.sql`b."logId" = ${filter.logId}`);
  return parts;
}

/** The shared filters as one SQL condition on Build alias `b`. */
function filterSql(filter: SqlFilter): Prisma.Sql {
  return PrismaNs.join([PrismaNs.sql`1 = 1`, ...filterParts(filter)], " AND ");
}

type RoomRow = {
  id: number | bigint;
  jid: string;
  name: string;
  host: string;
  builds: bigint | number;
  incidents: bigint | number;
  firstSeen: string | Date | null;
  lastSeen: string | Date | null;
  peakQueueLen: bigint | number | null;
};

function toRoomSummary(row: RoomRow, incidents: number): RoomSummary {
  return {
    jid: row.jid,
    name: row.name,
    host: row.host,
    builds: Number(row.builds),
    incidents,
    firstSeen: iso(row.firstSeen),
    lastSeen: iso(row.lastSeen),
    peakQueueLen: row.peakQueueLen === null ? null : Number(row.peakQueueLen),
  };
}

/**
 * How many incidents of each room the filters keep, by room id: the incidents /api/incidents
 * lists for the same filters (incidentWhere), so a room's count is that list's total with
 * `room=` added. One grouped count over the incidents, whatever the number of rooms.
 */
async function countRoomIncidents(filter: Filter): Promise<Map<number, number>> {
  const groups = await getPrisma().incident.groupBy({
    by: ["roomId"],
    where: { AND: [incidentWhere(filter), { roomId: { not: null } }] },
    _count: { _all: true },
  });
  return new Map(groups.flatMap((group) => (group.roomId === null ? [] : [[group.roomId, group._count._all] as const])));
}

/**
 * Every room that blocked at least one incident build the filters keep: how many such builds
 * it was the culprit of, first and last seen, peak queue — the seed's hand-made tally, computed
 * — and how many of its incidents the filters keep (see countRoomIncidents). Most builds first.
 */
export async function listRooms(filter: Filter = {}): Promise<RoomSummary[]> {
  // (`class` as the class alone: a build that inspected no process blocked no room.)
  const buildFilters = { ...filter, room: undefined };
  const filtered = filterParts(buildFilters).length > 0;
  // Without filters on the builds, room by room through the index (roomId, incident, at,
  // inspectedQueueLen), which holds every column read here (COUNT(*), not of an id PostgreSQL's
  // index does not hold): no build row is visited. CROSS JOIN keeps that order on SQLite, whose
  // planner (no statistics) would otherwise read every build and look its room up. With filters
  // (those filterSql writes) it chooses: an index of theirs may find fewer builds.
  const rooms = filtered
    ? PrismaNs.sql`"Room" r JOIN "Build" b ON b."roomId" = r."id"`
    : PrismaNs.sql`"Room" r CROSS JOIN "Build" b`;
  const [rows, incidents] = await Promise.all([
    getPrisma().$queryRaw<RoomRow[]>`
    SELECT r."id", r."jid", r."name", r."host",
           COUNT(*) AS "builds",
           MIN(b."at") AS "firstSeen",
           MAX(b."at") AS "lastSeen",
           MAX(b."inspectedQueueLen") AS "peakQueueLen"
      FROM ${rooms}
     WHERE b."roomId" = r."id" AND b."incident" = ${true}
       AND ${filterSql(buildFilters)}
       AND ${filter.room ? (isRoomName(filter.room) ? PrismaNs.sql`r."name" = ${filter.room}` : PrismaNs.sql`r."jid" = ${filter.room}`) : PrismaNs.sql`1 = 1`}
     GROUP BY r."id", r."jid", r."name", r."host"
     ORDER BY "builds" DESC, r."jid" ASC`,
    countRoomIncidents(filter),
  ]);
  return rows.map((row) => toRoomSummary(row, incidents.get(Number(row.id)) ?? 0));
}

/**
 * One room's summary under the filters, or null when no stored build names the room. A room
 * whose builds all stayed below the incident threshold (or that the filters leave no incident
 * build of) is a room all the same: zero builds blocked, no first or last seen.
 */
/** A room of that (folded) JID stored with a build: what the room page shows, or answers 404 for. */
const storedRoom = (jid: string) => ({ jid, builds: { some: {} } });

/** Whether the room page has a room to show for `jid` (its title says so before the page runs). */
export async function roomStored(jid: string): Promise<boolean> {
  return (await getPrisma().room.findFirst({ where: storedRoom(jid), select: { id: true } })) !== null;
}

export async function getRoom(jid: string, filter: Filter = {}): Promise<RoomSummary | null> {
  const prisma = getPrisma();
  const room = await prisma.room.findFirst({ where: storedRoom(jid), select: { jid: true, name: true, host: true } });
  if (!room) return null;
  const [summary] = await listRooms({ ...filter, room: jid });
  if (summary) return summary;
  const incidents = await prisma.incident.count({ where: incidentWhere({ ...filter, room: jid }) });
  return { ...room, builds: 0, incidents, firstSeen: null, lastSeen: null, peakQueueLen: null };
}

type TimelineRow = {
  id: number | bigint;
  job: string | null;
  number: number | bigint | null;
  attempt: number | bigint;
  at: string | Date;
  queueLen: number | bigint | null;
  culpritClass: string | null;
  pid: string | null;
  subject: string | null;
  sourceKind: string;
  node: string | null;
  startedAt: string | Date | null;
  /** A boolean on PostgreSQL, 0 or 1 on SQLite. */
  incident: boolean | number | bigint;
  incidentClass: string | null;
};

/** The class of build `b`'s incident (null: none), read by primary key: a column of a timeline point. */
const INCIDENT_CLASS = PrismaNs.sql`(SELECT i."culpritClass" FROM "Incident" i WHERE i."id" = b."incidentId") AS "incidentClass"`;

/**
 * Worst queue length per build over time. Above `points` builds, the builds in time order are
 * cut into that many runs of about equal count (builds of the same moment stay in one) and each
 * run keeps its highest build, so spikes survive downsampling whatever the range. (Equal time
 * buckets, as first written, left a handful of points when the builds crowd into a few days of
 * a range that one old or untimed build stretches over years.)
 */
export async function getTimeline(query: TimelineQuery): Promise<{ points: TimelinePoint[]; total: number; downsampled: boolean }> {
  const prisma = getPrisma();
  const where = filterSql(await sqlFilter(query));
  const [{ total }] = await prisma.$queryRaw<{ total: bigint | number }[]>`
    SELECT COUNT(*) AS "total" FROM "Build" b WHERE ${where}`.then((rows) => (rows.length ? rows : [{ total: 0 }])) as [
    { total: bigint | number },
  ];
  const count = Number(total);
  const downsampled = count > query.points;
  // Downsampled, the first and the latest build are points whatever their queues (the latest
  // says whether it recovered: a healthy latest build lost to its run's spike), in two of the
  // points asked for.
  const buckets = Math.max(1, query.points - 2);
  const rows = downsampled
    ? withEnds((await bucketWinners(where, buckets, count)) ?? (await bucketWinnersByWindow(where, buckets, count)), await timelineEnds(where))
    : await prisma.$queryRaw<TimelineRow[]>`
        SELECT b."id", b."job", b."number", b."attempt", COALESCE(b."startedAt", b."createdAt") AS "at", b."worstQueueLen" AS "queueLen",
               b."culpritClass", b."inspectedPid" AS "pid", b."culpritSubject" AS "subject",
               b."sourceKind", b."node", b."startedAt", b."incident", ${INCIDENT_CLASS}
          FROM "Build" b WHERE ${where}
         ORDER BY COALESCE(b."startedAt", b."createdAt"), b."id"`;
  const points = rows.map((row) => {
    const id = Number(row.id);
    const number = row.number === null ? null : Number(row.number);
    const attempt = Number(row.attempt);
    return {
      id,
      job: row.job,
      number,
      attempt,
      at: iso(row.at) ?? "",
      queueLen: row.queueLen === null ? null : Number(row.queueLen),
      culpritClass: row.culpritClass,
      pid: row.pid,
      subject: row.subject,
      permalink: buildPermalink({ id, job: row.job, number, attempt }),
      sourceKind: row.sourceKind,
      node: row.node,
      startedAt: iso(row.startedAt),
      incident: Number(row.incident) === 1,
      incidentClass: row.incidentClass,
    };
  });
  return { points, total: count, downsampled };
}

/** The first and the latest build matching `where` (time order, then id), as timeline rows. */
async function timelineEnds(where: Prisma.Sql): Promise<{ first: TimelineRow | undefined; last: TimelineRow | undefined }> {
  const end = (order: Prisma.Sql) => getPrisma().$queryRaw<TimelineRow[]>`
        SELECT b."id", b."job", b."number", b."attempt", COALESCE(b."startedAt", b."createdAt") AS "at", b."worstQueueLen" AS "queueLen",
               b."culpritClass", b."inspectedPid" AS "pid", b."culpritSubject" AS "subject",
               b."sourceKind", b."node", b."startedAt", b."incident", ${INCIDENT_CLASS}
          FROM "Build" b WHERE ${where}
         ORDER BY ${order} LIMIT 1`;
  const [first, last] = await Promise.all([end(PrismaNs.sql`b."at" ASC, b."id" ASC`), end(PrismaNs.sql`b."at" DESC, b."id" DESC`)]);
  return { first: first[0], last: last[0] };
}

/** The bucket winners (in time order) with the first and the latest build at their ends, once each. */
function withEnds(winners: TimelineRow[], { first, last }: { first: TimelineRow | undefined; last: TimelineRow | undefined }): TimelineRow[] {
  const rows = [...winners];
  if (first && Number(rows[0]?.id) !== Number(first.id)) rows.unshift(first);
  if (last && Number(rows.at(-1)?.id) !== Number(last.id)) rows.push(last);
  return rows;
}

/**
 * The timeline's downsampling, and its definition: the `count` builds matching `where` in time
 * order, each in bucket ⌊rank · points / count⌋ (rank: how many builds came strictly before it,
 * so builds of the same moment share a bucket), each bucket's first build in `ORDER BY "queueLen"
 * DESC, "id" ASC` (the database's own NULL order: last on SQLite, first on PostgreSQL), by time.
 * A window function sorts every build for it; bucketWinners gives the same rows faster, and this
 * stands in where it cannot be sure to.
 */
async function bucketWinnersByWindow(where: Prisma.Sql, points: number, count: number): Promise<TimelineRow[]> {
  const at = PrismaNs.sql`COALESCE(b."startedAt", b."createdAt")`;
  const pg = getDialect() === "postgres";
  const epoch = pg ? PrismaNs.sql`EXTRACT(EPOCH FROM ${at})::float8` : PrismaNs.sql`unixepoch(${at}, 'subsec')`;
  return getPrisma().$queryRaw<TimelineRow[]>`
        WITH f AS (
          SELECT b."id", b."job", b."number", b."attempt", COALESCE(b."startedAt", b."createdAt") AS "at", b."worstQueueLen" AS "queueLen",
                 b."culpritClass", b."inspectedPid" AS "pid", b."culpritSubject" AS "subject",
                 b."sourceKind", b."node", b."startedAt", b."incident", b."incidentId",
                 ${epoch} AS "t", ${rankBucket(points, count)} AS "bucket"
            FROM "Build" b WHERE ${where}
        ), ranked AS (
          SELECT f.*, ROW_NUMBER() OVER (PARTITION BY "bucket" ORDER BY "queueLen" DESC, "id" ASC) AS "rn" FROM f
        )
        SELECT r."id", r."job", r."number", r."attempt", r."at", r."queueLen", r."culpritClass", r."pid", r."subject", r."sourceKind", r."node", r."startedAt", r."incident",
               (SELECT i."culpritClass" FROM "Incident" i WHERE i."id" = r."incidentId") AS "incidentClass"
          FROM ranked r WHERE r."rn" = 1 ORDER BY r."t", r."id"`;
}

/**
 * A build's bucket among `count` (integer arithmetic on both databases): RANK() over the time
 * index, so SQLite reads the builds in the order of ("at", …) or ("job", "at", …) and sorts nothing.
 */
function rankBucket(points: number, count: number): Prisma.Sql {
  const n = PrismaNs.raw(String(Math.trunc(points)));
  const c = PrismaNs.raw(String(Math.max(1, Math.trunc(count))));
  return PrismaNs.sql`((RANK() OVER (ORDER BY b."at") - 1) * ${n} / ${c})`;
}

/**
 * The same rows as bucketWinnersByWindow, in one pass of grouping instead of a sort of every
 * build: the index (at, worstQueueLen, id) gives each build's time order and queue, a GROUP BY on
 * the bucket keeps the highest of one integer that ranks like `"queueLen" DESC, "id" ASC` —
 * queueLen · 2³² + (2³² − 1 − id), a NULL queue below (SQLite) or above (PostgreSQL) every other —
 * and only the winners' rows are read. Null when a queue or id falls outside the range that key
 * can hold exactly (no log has such a queue: the caller then asks the window function).
 */
async function bucketWinners(where: Prisma.Sql, points: number, count: number): Promise<TimelineRow[] | null> {
  const prisma = getPrisma();
  // 1 when every build of the bucket fits the key: a NULL queue, or an integer queue in [0, 2³⁰)
  // and an id below 2³² (PostgreSQL's ids and queues are 32-bit integers already).
  const exact = (queueLen: Prisma.Sql, id: Prisma.Sql, integer: Prisma.Sql) =>
    PrismaNs.sql`MIN(CASE WHEN ${queueLen} IS NULL OR (${integer} AND ${queueLen} >= 0 AND ${queueLen} < 1073741824 AND ${id} < 4294967296) THEN 1 ELSE 0 END)`;
  type Winner = TimelineRow & { exact: number | bigint | null };
  const rows =
    getDialect() === "postgres"
      ? await prisma.$queryRaw<Winner[]>`
        WITH f AS (
          SELECT b."id", b."worstQueueLen", ${rankBucket(points, count)} AS "bucket" FROM "Build" b WHERE ${where}
        ), g AS MATERIALIZED (
          SELECT f."bucket",
                 MAX(CASE WHEN f."worstQueueLen" IS NULL THEN 4611686018427387904 + (4294967295 - f."id")
                          ELSE f."worstQueueLen"::int8 * 4294967296 + (4294967295 - f."id") END) AS "k",
                 ${exact(PrismaNs.sql`f."worstQueueLen"`, PrismaNs.sql`f."id"`, PrismaNs.sql`TRUE`)} AS "exact"
            FROM f
           GROUP BY 1
           -- Buckets 0 to points - 1 (a few more were builds added since the count): no more groups
           -- than that, which the planner cannot know (it would join them with every build).
           LIMIT ${points + 2}
        )
        SELECT w."id", w."job", w."number", w."attempt", w."at", w."queueLen", w."culpritClass", w."pid", w."subject", w."sourceKind", w."node", w."startedAt", w."incident", w."incidentClass", g."exact"
          FROM g LEFT JOIN LATERAL (
            SELECT b."id", b."job", b."number", b."attempt", COALESCE(b."startedAt", b."createdAt") AS "at", b."worstQueueLen" AS "queueLen",
                   b."culpritClass", b."inspectedPid" AS "pid", b."culpritSubject" AS "subject",
                   b."sourceKind", b."node", b."startedAt", b."incident", ${INCIDENT_CLASS},
                   EXTRACT(EPOCH FROM b."at")::float8 AS "t"
              FROM "Build" b WHERE b."id" = 4294967295 - g."k" % 4294967296
            -- Kept apart (not joined with every build): one read by primary key per bucket.
            OFFSET 0
          ) w ON TRUE
         ORDER BY w."t", w."id"`
      : await prisma.$queryRaw<Winner[]>`
        WITH f AS (
          SELECT b."id", b."worstQueueLen" AS "queueLen", ${rankBucket(points, count)} AS "bucket" FROM "Build" b WHERE ${where}
        ), g AS MATERIALIZED (
          SELECT f."bucket",
                 MAX(CASE WHEN f."queueLen" IS NULL THEN -1 - f."id"
                          ELSE f."queueLen" * 4294967296 + (4294967295 - f."id") END) AS "k",
                 ${exact(PrismaNs.sql`f."queueLen"`, PrismaNs.sql`f."id"`, PrismaNs.sql`typeof(f."queueLen") = 'integer'`)} AS "exact"
            FROM f
           GROUP BY 1
        )
        SELECT b."id", b."job", b."number", b."attempt", COALESCE(b."startedAt", b."createdAt") AS "at", b."worstQueueLen" AS "queueLen",
               b."culpritClass", b."inspectedPid" AS "pid", b."culpritSubject" AS "subject",
               b."sourceKind", b."node", b."startedAt", b."incident", ${INCIDENT_CLASS}, g."exact"
          FROM g LEFT JOIN "Build" b ON b."id" = CASE WHEN g."k" < 0 THEN -1 - g."k" ELSE 4294967295 - g."k" % 4294967296 END
         ORDER BY unixepoch(b."at", 'subsec'), b."id"`;
  if (rows.some((row) => row.id === null || Number(row.exact) !== 1)) return null;
  return rows;
}

/** Distinct CI job names, for the pages' job filter (alphabetical). */
export async function listJobs(): Promise<string[]> {
  // Raw SQL: Prisma's `distinct` de-duplicates in memory after reading every row.
  const rows = await getPrisma().$queryRaw<{ job: string }[]>`
    SELECT DISTINCT b."job" AS "job" FROM "Build" b WHERE b."job" IS NOT NULL ORDER BY b."job" LIMIT 500`;
  return rows.map((row) => row.job);
}

export type RoomFilterCheck = {
  /** A stored room a build names matches the filter as given (its name, or its JID). */
  exists: boolean;
  /** When none does: up to `limit` listed rooms whose JID holds the text, by JID. */
  similar: string[];
  /** There were more than `similar`. */
  more: boolean;
};

/**
 * Whether the `room` filter (already folded: roomFilterKey) names a room, and if not, which rooms
 * hold it: the filter is exact (a room's name, or its whole JID), and `room=snh-48` answering
 * "no builds" without a word read as "that room never blocked anything".
 */
export async function checkRoomFilter(room: string, limit = 5): Promise<RoomFilterCheck> {
  const prisma = getPrisma();
  const listed = { builds: { some: {} } };
  const exists = (await prisma.room.count({ where: { AND: [roomWhere(room), listed] } })) > 0;
  if (exists) return { exists, similar: [], more: false };
  // LIKE with its wildcards escaped: Prisma's `contains` leaves `_` and `%` as wildcards (`room=_`
  // listed rooms without one). Both databases take ESCAPE; the text and the JIDs are folded alike.
  const pattern = `%${room.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await prisma.$queryRaw<{ jid: string }[]>`
    SELECT r."jid" AS "jid" FROM "Room" r
     WHERE r."jid" LIKE ${pattern} ESCAPE '\\'
       AND EXISTS (SELECT 1 FROM "Build" b WHERE b."roomId" = r."id")
     ORDER BY r."jid" LIMIT ${limit + 1}`;
  return { exists, similar: rows.slice(0, limit).map((row) => row.jid), more: rows.length > limit };
}

/** `more`: there were more than `similar` (the lookup stopped at its limit). */
export type JobFilterCheck = { exists: boolean; similar: string[]; more: boolean };

/**
 * Whether a build of job `job` is stored (the filter takes a job's whole name, as CI names it),
 * and if not, the stored jobs it may have meant: those whose name holds it, or that it holds, in
 * any case, or within two typing slips of it (`ejabberd-mon-prd` for `ejabberd-mon-prod`).
 */
export async function checkJobFilter(job: string, limit = 5): Promise<JobFilterCheck> {
  const prisma = getPrisma();
  const exists = (await prisma.build.findFirst({ where: { job }, select: { id: true } })) !== null;
  if (exists) return { exists, similar: [], more: false };
  const wanted = job.toLowerCase();
  // Every stored job (not listJobs' first 500, the filter bar's: a review's 502nd job went unnamed),
  // up to a bound no dashboard's jobs reach.
  const jobs = await prisma.$queryRaw<{ job: string }[]>`
    SELECT DISTINCT b."job" AS "job" FROM "Build" b WHERE b."job" IS NOT NULL ORDER BY b."job" LIMIT 20000`;
  const similar = jobs
    .map((row) => row.job)
    .filter((name) => {
      const stored = name.toLowerCase();
      // (A stored name it holds only when that name is no mere fragment: `a` is in most typos.)
      return stored.includes(wanted) || (stored.length >= 4 && wanted.includes(stored)) || editDistance(stored, wanted, 2) <= 2;
    });
  return { exists, similar: similar.slice(0, limit), more: similar.length > limit };
}

/**
 * The read API's warning for a `job` filter (or `excludeJob`: it then leaves nothing out) that names
 * no stored job (checkJobFilter); none otherwise.
 */
export async function jobFilterWarnings(job: string | undefined, param: "job" | "excludeJob" = "job"): Promise<string[]> {
  if (!job) return [];
  const check = await checkJobFilter(job);
  if (check.exists) return [];
  const similar = check.similar.length > 0 ? `; stored jobs like it: ${check.similar.join(", ")}${check.more ? " (the first 5)" : ""}` : "";
  const what = param === "job" ? "the filter takes" : "nothing is left out: it takes";
  return [`${param}=${job} names no stored job (${what} a job's whole name, as its builds name it)${similar}`];
}

/** The warnings of the filters that can name nothing stored: `job`, `excludeJob` and `room`. */
export async function filterWarnings(filter: { job?: string; excludeJob?: string; room?: string }): Promise<string[]> {
  const [job, excluded, room] = await Promise.all([jobFilterWarnings(filter.job), jobFilterWarnings(filter.excludeJob, "excludeJob"), roomFilterWarnings(filter.room)]);
  // Both naming one job leave nothing: said, as an empty answer would not say why (a diff review).
  const same = filter.job !== undefined && filter.job === filter.excludeJob ? [`job and excludeJob both name ${filter.job}: every build of it is left out, and nothing is left`] : [];
  return [...job, ...excluded, ...same, ...room];
}

/**
 * The read API's warning for a `room` filter that names no stored room (checkRoomFilter), as the
 * pages' hint says it; none when it names one, or there is no `room` filter.
 */
export async function roomFilterWarnings(room: string | undefined): Promise<string[]> {
  if (!room) return [];
  const check = await checkRoomFilter(room);
  if (check.exists) return [];
  const similar = check.similar.length > 0 ? `; rooms whose JID holds it: ${check.similar.join(", ")}${check.more ? " (the first 5)" : ""}` : "";
  return [`room=${room} names no stored room (the filter takes a room's whole name, before the @, or its JID)${similar}`];
}

/** What a job is doing now, as far as its stored builds tell: its latest build, and what is stuck. */
export type JobNow = {
  job: string;
  /** Its latest build in the order incidents are grouped in (by number, then attempt; snapshots after). */
  latest: {
    number: number | null;
    attempt: number;
    permalink: string;
    startedAt: string | null;
    /** When it ran: its start time, else its upload. */
    at: string;
    sourceKind: string;
    node: string | null;
    incident: boolean;
    culprit: { class: string; subject: string | null } | null;
    /** Its top list's largest queue, and the previous build's (numbered builds only; null: none). */
    queueLen: number | null;
    previousQueueLen: number | null;
  };
  /** The incident the latest build is part of, when it is still open there; null when none. */
  stuck: IncidentDto | null;
  /** The job's incidents still open (ongoing) in all: the latest build's, and others whose process is still in its top list. */
  ongoing: number;
  /**
   * How often the job runs: the median gap between its latest dozen builds' times (null with fewer
   * than four). A job silent for many of these (an on-call review: one that stopped pushing a day
   * ago looked like a live incident) is said to be so.
   */
  usualGapMs: number | null;
};

/** The median of the positive gaps between consecutive times (newest first), with at least three of them. */
function usualGap(times: (Date | null)[]): number | null {
  const ms = times.filter((t): t is Date => t !== null).map((t) => t.getTime());
  const gaps = ms
    .slice(1)
    .map((t, i) => ms[i]! - t)
    .filter((gap) => gap > 0)
    .sort((a, b) => a - b);
  return gaps.length >= 3 ? gaps[Math.floor(gaps.length / 2)]! : null;
}

/** At most this many jobs on the overview's "now" panel. */
export const JOBS_NOW_MAX = 12;

/**
 * Of `jobs`, the `max` whose latest build is the latest (`Build.at`; a job of builds without a time
 * last), in name order: past 12 jobs "Now, by job" showed the first 12 by name, and with a dozen old
 * jobs the ones pushing today were not among them (an operator's review). One indexed read a job
 * (job, at): the newest time first, NULLs left out so that both databases read it alike.
 */
export async function latestJobs(jobs: readonly string[], max = JOBS_NOW_MAX): Promise<string[]> {
  if (jobs.length <= max) return [...jobs];
  const prisma = getPrisma();
  const latest = await Promise.all(
    jobs.map(async (job) => {
      const row = await prisma.build.findFirst({ where: { job, at: { not: null } }, orderBy: { at: "desc" }, select: { at: true } });
      return { job, at: row?.at?.getTime() ?? -Infinity };
    }),
  );
  return latest
    .sort((a, b) => b.at - a.at || (a.job < b.job ? -1 : 1))
    .slice(0, max)
    .map((entry) => entry.job)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Each job's latest build and its stuck process, for the overview's "Now, by job" panel: the first
 * question of an on-call look ("is anything stuck right now, on which node?") answered without
 * opening a list per job. A few indexed reads per job (its latest builds, its incident, its open
 * incidents' count, its latest times).
 */
export async function getJobsNow(jobs: readonly string[]): Promise<JobNow[]> {
  const prisma = getPrisma();
  const rows = await Promise.all(
    jobs.slice(0, JOBS_NOW_MAX).map(async (job): Promise<JobNow | null> => {
      // The last in grouping order (lib/db/store/incidents.ts buildOrder): a build without a number
      // (a snapshot) if the job has any, else the highest number's latest attempt. Two reads of the
      // (job, number, attempt) index: one ORDER BY with "NULLS FIRST" sorted every build of the job
      // (30 ms a job of 100,000 builds, against under 1 ms; measured on SQLite, 1,000,000 builds).
      const select = {
        id: true,
        job: true,
        number: true,
        attempt: true,
        startedAt: true,
        createdAt: true,
        sourceKind: true,
        node: true,
        incident: true,
        culpritClass: true,
        culpritSubject: true,
        worstQueueLen: true,
        incidentId: true,
      } as const;
      // Whether it has one first: ordered, SQLite's planner reads the job's builds by (job, startedAt)
      // and sorts them (16 ms for 100,000), where the (job, number, attempt) index finds none at once.
      const anyUnnumbered = (await prisma.build.findFirst({ where: { job, number: null }, select: { id: true } })) !== null;
      const [unnumbered] = anyUnnumbered
        ? await prisma.$queryRaw<{ id: number | bigint }[]>`
            SELECT b."id" FROM "Build" b WHERE b."job" = ${job} AND b."number" IS NULL
             ORDER BY b."attempt" DESC, b."startedAt" IS NULL DESC, b."startedAt" DESC, b."id" DESC LIMIT 1`
        : [];
      // With the build before it (for the queue's trend), for a numbered one.
      const [build, before] = unnumbered
        ? [await prisma.build.findUnique({ where: { id: Number(unnumbered.id) }, select }), null]
        : await prisma.build.findMany({ where: { job, number: { not: null } }, orderBy: [{ number: "desc" }, { attempt: "desc" }], take: 2, select });
      if (!build) return null;
      const [incident, ongoing, recent] = await Promise.all([
        build.incidentId === null ? null : getIncident({ id: build.incidentId }),
        prisma.incident.count({ where: { job, open: true } }),
        // Its latest times, for how often it runs (the (job, at, …) index).
        prisma.build.findMany({ where: { job, at: { not: null } }, orderBy: { at: "desc" }, take: 12, select: { at: true } }),
      ]);
      return {
        job,
        latest: {
          number: build.number,
          attempt: build.attempt,
          permalink: buildPermalink(build),
          startedAt: iso(build.startedAt),
          at: (build.startedAt ?? build.createdAt).toISOString(),
          sourceKind: build.sourceKind,
          node: build.node,
          incident: build.incident,
          culprit: build.culpritClass ? { class: build.culpritClass, subject: build.culpritSubject } : null,
          queueLen: build.worstQueueLen,
          previousQueueLen: before?.worstQueueLen ?? null,
        },
        stuck: incident?.ongoing ? incident : null,
        ongoing,
        usualGapMs: usualGap(recent.map((row) => row.at)),
      };
    }),
  );
  return rows.filter((row): row is JobNow => row !== null);
}
