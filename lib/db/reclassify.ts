// ## Reclassifying stored builds (npm run db:reclassify)
//
// A build's verdict (incident or not, culprit class, subject, rule, evidence, room) is made when its
// log is uploaded, by the classifier of that version. The classifier keeps learning shapes (the MUC
// router's stanzas for many rooms, `'$gen_sync_event'` SQL calls, runs that inspected nothing but
// whose top list is over the threshold), and an operator who upgrades keeps the old verdicts: an
// upgrade review (2026-12-07) found builds of older versions that never rejoined their incidents.
// This reads each stored monitor run again from what is stored of it (its top list, its inspected
// process, its messages' text), classifies it with today's rules and the configured threshold,
// writes the verdicts that changed, and regroups the incidents of every job that changed (and of
// every job a migration left to regroup).
//
// Only monitor runs: a snapshot of another format was classified from process facts its section
// printed (registered name, initial call, ancestors) that are not stored, so its verdict stays.
// A run whose top list or messages were stored up to the bound (MAX_STORED_ENTRIES) may have been
// judged on more than is stored: it stays too.
import "server-only";
import { classifyRun } from "../classify/classify";
import { parseTerm } from "../erlang-term";
import { compactText, sampleFacts } from "../monitor-log/sample-facts";
import { sampleTermText } from "../monitor-log/sample-text";
import type { InspectedProcess, SampleInfo } from "../monitor-log/types";
import { getPrisma } from "./client";
import { MAX_STORED_ENTRIES, verdictColumns } from "./ingest";
import { getStore } from "./store";
import { regroupOrder } from "./store/incidents";
import type { BuildRow } from "./store/types";
import type { VerdictUpdate } from "./store/verdicts";

export type ReclassifyOptions = {
  threshold: number;
  /** Only this job's builds (null: the builds without a job). */
  job?: string | null;
  /** Count what would change; write nothing. */
  dryRun?: boolean;
  /**
   * Regroup every job's incidents (in scope), whether or not a verdict changed: after an older
   * version wrote to the database (a rollback), its incidents miss what this version keeps (their
   * peak build, where they were last seen), and nothing marks them (a diff review).
   */
  regroup?: boolean;
  /** Builds read and written per transaction. */
  batchBuilds?: number;
  onBatch?: (progress: { read: number; changed: number; of: number }) => void | Promise<void>;
};

export type ReclassifyResult = {
  /** Monitor runs read. */
  builds: number;
  /** Of them, those whose verdict changed (or would). */
  changed: number;
  /** What changed, counted per field: incident, class, subject, rule, evidence, service, room. */
  fields: Record<string, number>;
  /** Runs left as they are: their top list or messages were stored up to the bound. */
  skipped: number;
  /** Jobs whose incidents were (or would be) regrouped. */
  jobs: (string | null)[];
  /**
   * Incident runs that stay `unknown` for want of messages: a process inspected, alive, and none of
   * its messages stored. Reading them again cannot judge them; if an older version stored them so
   * (it read a list printed as `undefined`, or inside `{messages, [...]}`, as no messages), their log
   * uploaded again can (an upgrade review asked which builds those are). The first UNJUDGED_NAMED by id.
   */
  unjudged: { count: number; builds: UnjudgedBuild[] };
  dryRun: boolean;
};

/** A build `unjudged` names: which build, and the log to upload again. */
export type UnjudgedBuild = { id: number; job: string | null; number: number | null; attempt: number; log: { id: number; fileName: string } };

/** How many of the unjudged runs a result names (it counts them all). */
export const UNJUDGED_NAMED = 20;

/** A stored monitor run as read again: its names, its inspected process, its verdict and what it was made from. */
type StoredRun = VerdictUpdate &
  Pick<BuildRow, "job" | "number" | "attempt" | "inspectedPid" | "inspectedQueueLen" | "inspectedDead"> & {
    log: { id: number; fileName: string };
    room: { jid: string } | null;
    top: { rank: number; pid: string; queueLen: number }[];
    samples: { index: number; raw: string }[];
  };

/** A stored message as the scanner hands it to the classifier: its facts read again from its text. */
function sampleOf(stored: { index: number; raw: string }): SampleInfo {
  const { term, issues } = parseTerm(sampleTermText(stored.raw), { tolerant: true });
  const facts = sampleFacts(term);
  return {
    index: stored.index,
    raw: stored.raw,
    start: 0,
    end: stored.raw.length,
    line: 0,
    column: 0,
    kind: facts.kind,
    stanza: facts.stanza,
    summary: facts.summary ?? compactText(stored.raw),
    destination: facts.destination,
    sender: facts.sender,
    request: facts.request,
    decoded: facts.decoded,
    truncated: facts.truncated || issues.length > 0,
  };
}

/** The evidence line the classifier writes for a cut message list, and for messages it could not fetch (see classify.ts). */
const CUT_NOTE = /^the message list was cut after \d+ /;
const FETCH_NOTE = /^the monitor could not fetch the messages of \S+: (.*?)(?: \(the call timed out: a mailbox that large takes long to copy\))?$/;

/**
 * The run's inspected process as the classifier saw it. Whether its list was cut, and what the
 * monitor printed instead of a list, are not columns: the old verdict's evidence says them.
 */
function inspectedOf(run: StoredRun): InspectedProcess | null {
  if (run.inspectedPid === null) return null;
  const evidence: string[] = run.culpritEvidence ? (JSON.parse(run.culpritEvidence) as string[]) : [];
  const fetchError = evidence.map((line) => FETCH_NOTE.exec(line)?.[1]).find((found) => found !== undefined);
  return {
    pid: run.inspectedPid,
    queueLen: run.inspectedQueueLen,
    dead: run.inspectedDead,
    line: 0,
    samples: run.samples.map(sampleOf),
    samplesCut: evidence.some((line) => CUT_NOTE.test(line)),
    ...(fetchError !== undefined ? { fetchError } : {}),
  };
}

/** Reads every stored monitor run again with today's classifier; see the file's head. */
export async function reclassifyBuilds(options: ReclassifyOptions): Promise<ReclassifyResult> {
  const prisma = getPrisma();
  const batchBuilds = options.batchBuilds ?? 500;
  const where = { sourceKind: "monitor", ...(options.job !== undefined ? { job: options.job } : {}) };
  const of = await prisma.build.count({ where });
  const result: ReclassifyResult = { builds: 0, changed: 0, fields: {}, skipped: 0, jobs: [], unjudged: { count: 0, builds: [] }, dryRun: options.dryRun ?? false };
  const jobs = new Set<string | null>();
  const store = options.dryRun ? null : await getStore();
  let after = 0;
  for (;;) {
    const read: StoredRun[] = await prisma.build.findMany({
      where: { ...where, id: { gt: after } },
      orderBy: { id: "asc" },
      take: batchBuilds,
      select: {
        id: true,
        job: true,
        number: true,
        attempt: true,
        log: { select: { id: true, fileName: true } },
        inspectedPid: true,
        inspectedQueueLen: true,
        inspectedDead: true,
        incident: true,
        culpritClass: true,
        culpritSubject: true,
        culpritRule: true,
        culpritEvidence: true,
        culpritService: true,
        roomId: true,
        room: { select: { jid: true } },
        top: { select: { rank: true, pid: true, queueLen: true }, orderBy: [{ rank: "asc" }, { id: "asc" }] },
        samples: { select: { index: true, raw: true }, orderBy: [{ index: "asc" }, { id: "asc" }] },
      },
    });
    if (read.length === 0) break;
    after = read[read.length - 1]!.id;
    // A build, its top list and its messages are read by separate statements: a log deleted between
    // them read as runs without messages (verdicts "changed", never written: a review, 2026-12-07).
    // A build still stored after they were read was read whole (what a build holds never changes).
    const alive = new Set((await prisma.build.findMany({ where: { id: { in: read.map((run) => run.id) } }, select: { id: true } })).map((row) => row.id));
    const runs = read.filter((run) => alive.has(run.id));
    const updates: { verdict: VerdictUpdate; room: { jid: string; name: string; host: string } | null }[] = [];
    for (const run of runs) {
      result.builds++;
      // (Stored up to the bound: more may have been read, and a list of exactly that many cannot be told apart.)
      if (run.samples.length >= MAX_STORED_ENTRIES || run.top.length >= MAX_STORED_ENTRIES) {
        result.skipped++;
        continue;
      }
      const inspected = inspectedOf(run);
      const classification = inspected ? classifyRun({ inspected, top: run.top }, { threshold: options.threshold }) : null;
      // As the ingest makes them (a monitor run names no MUC service of its own).
      const next = { ...verdictColumns({ inspected, top: run.top }, classification, options.threshold), room: classification?.room ?? null };
      if (next.incident && next.culpritClass === "unknown" && inspected !== null && !inspected.dead && run.samples.length === 0) {
        result.unjudged.count++;
        if (result.unjudged.builds.length < UNJUDGED_NAMED) result.unjudged.builds.push({ id: run.id, job: run.job, number: run.number, attempt: run.attempt, log: run.log });
      }
      const changed = [
        next.incident !== run.incident ? "incident" : null,
        next.culpritClass !== run.culpritClass ? "class" : null,
        next.culpritSubject !== run.culpritSubject ? "subject" : null,
        next.culpritRule !== run.culpritRule ? "rule" : null,
        next.culpritEvidence !== run.culpritEvidence ? "evidence" : null,
        next.culpritService !== run.culpritService ? "service" : null,
        (next.room?.jid ?? null) !== (run.room?.jid ?? null) ? "room" : null,
      ].filter((field): field is string => field !== null);
      if (changed.length === 0) continue;
      result.changed++;
      for (const field of changed) result.fields[field] = (result.fields[field] ?? 0) + 1;
      // The evidence's wording alone changes no incident.
      if (changed.some((field) => field !== "evidence")) jobs.add(run.job);
      const { room, ...columns } = next;
      updates.push({ verdict: { id: run.id, ...columns, roomId: null }, room });
    }
    if (store && updates.length > 0) {
      await store.transaction(async (session) => {
        for (const update of updates) if (update.room) update.verdict.roomId = await session.upsertRoom(update.room);
        await session.updateVerdicts(updates.map((update) => update.verdict));
      });
    }
    // Builds uploaded while it runs are read too (their ids come after): the total counted at the start grows with them
    // (an upgrade review saw "read 378 of 371").
    await options.onBatch?.({ read: result.builds, changed: result.changed, of: Math.max(of, result.builds) });
  }
  // Jobs a migration left to regroup (an incident whose threshold it cleared) are regrouped too, and
  // those grouped with another threshold: it decides which top-list entries are stuck processes of
  // their own, not the verdicts alone (a job with no verdict changed kept its incidents and their
  // old threshold, and its next upload regrouped it whole).
  const marked = await prisma.incident.findMany({
    // (And those an older version stored without a last-seen build or a peak build: migrations
    // 20261212000000 and 20261213000000.)
    where: { OR: [{ threshold: null }, { threshold: { not: options.threshold } }, { lastSeenBuildId: null }, { peakBuildId: null }], ...(options.job !== undefined ? { job: options.job } : {}) },
    select: { job: true },
    distinct: ["job"],
  });
  for (const { job } of marked) jobs.add(job);
  if (options.regroup) {
    const every = await prisma.build.findMany({ where: options.job !== undefined ? { job: options.job } : {}, select: { job: true }, distinct: ["job"] });
    for (const { job } of every) jobs.add(job);
  }
  result.jobs = regroupOrder(jobs);
  if (store) {
    for (const job of result.jobs) await store.transaction(async (session) => void (await session.rebuildIncidents(job, options.threshold)));
  }
  return result;
}
