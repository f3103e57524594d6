// npm run bench:ingest — ingest speed, memory and query latency, each against
// a baseline measured in the same run (the machine is shared and noisy: read
// the ratios). Every measurement runs in a child process of its own so that
// peak RSS is that measurement's alone.
//
//   ingest  generated logs of growing size (default 10 and 100 MB) through the
//           same code path as the API (POST /api/logs handler, streamed body),
//           into SQLite and into PostgreSQL: MB/s, rows/s, peak RSS; on
//           SQLite also "warm": in a process that took another 10 MB upload
//           first, as a running server has (the first upload of a process
//           runs on code the JIT has not compiled yet, which weighs most on
//           small logs; peak RSS then includes that upload);
//   raw     the same rows inserted with plain better-sqlite3 prepared
//           statements in one transaction (the baseline for the bulk path);
//   bulk    on SQLite, the bulk path's own share of the timed upload: the
//           main thread putting builds into batches and sending them, plus the
//           writer thread's busy time (every message it handled: the batches,
//           the log, rooms and incident rows, COMMIT), as the store measures
//           them (SqliteStore.bulkFigures); the rows it counted must be the
//           rows the upload stored. What the bulk insert path costs against
//           the raw baseline, without the reading of the log around it;
//   query   the read API's response times with 100 and with 100,000 builds, on
//           SQLite, then on PostgreSQL (the same data, copied with db:copy);
//           then a one-build upload of the job's next number, as CI posts
//           after each monitor run (it must not slow down as the job grows);
//           last, regrouping the whole job, what a build landing among the
//           job's older ones costs.
//
// Options (env): BENCH_SIZES_MB="10,100", BENCH_QUERY_BUILDS="100,100000" (an
// empty list leaves that part out), BENCH_DATABASES=sqlite (leave PostgreSQL
// out), BENCH_POSTGRES_URL (a server to use; otherwise a throw-away one from
// Debian's packages when installed).
import { spawnSync } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

/** The bulk path's share of an upload (SQLite): this thread queuing and sending batches, the writer thread's busy time. */
type BulkFigures = { rows: number; queueMs: number; writerMs: number };
type IngestFigures = { mb: number; seconds: number; rows: number; builds: number; peakRssMb: number; status: number; bulk: BulkFigures | null };
type RawFigures = { rows: number; seconds: number; peakRssMb: number };
type QueryFigures = { builds: number; timings: Record<string, number> };

const peakRssMb = () => process.resourceUsage().maxRSS / 1024;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

// ## Children

/**
 * One upload of `file`, timed. With `warmUp`, another log is uploaded first in the same process
 * (as a running server has done): the timed upload then runs on compiled code, not on code the
 * JIT meets for the first time, and the rows counted are that upload's alone.
 */
async function childIngest(file: string, url: string, warmUp?: string): Promise<IngestFigures> {
  process.env.DATABASE_URL = url;
  const { POST } = await import("../app/api/logs/route");
  const { getStore } = await import("../lib/db/store");
  const { countRows } = await import("../lib/testing/databases");
  await getStore();
  const { fileBody } = await import("../lib/testing/file-body");
  const upload = (path: string) =>
    POST(
      new Request("http://127.0.0.1/api/logs?filename=bench.log", {
        method: "POST",
        body: fileBody(path),
        headers: { "content-type": "text/plain" },
        duplex: "half",
      } as RequestInit),
    );
  /** Builds, and rows of the three tables the raw baseline inserts. */
  const stored = async () => {
    const counts = await countRows(url, ["Build", "TopEntry", "Sample"]);
    const builds = counts.Build ?? 0;
    return { builds, rows: builds + (counts.TopEntry ?? 0) + (counts.Sample ?? 0) };
  };
  let before = { builds: 0, rows: 0 };
  if (warmUp) {
    const response = await upload(warmUp);
    if (response.status !== 201) throw new Error(`warm-up upload answered ${response.status}: ${await response.text()}`);
    before = await stored();
  }
  const size = fs.statSync(file).size;
  // The bulk path's figures from here on (SQLite's store keeps them; PostgreSQL's does not). Taken
  // only after a warm-up: taking them waits for the writer thread to start, which a cold upload
  // times as before (in a fresh process there is nothing to take yet).
  const store = (await getStore()) as Partial<import("../lib/db/store/sqlite").SqliteStore>;
  if (warmUp) await store.bulkFigures?.();
  const started = performance.now();
  const response = await upload(file);
  const seconds = (performance.now() - started) / 1000;
  const taken = await store.bulkFigures?.();
  if (response.status !== 201) console.error(await response.text());
  const after = await stored();
  const rows = after.rows - before.rows;
  const builds = after.builds - before.builds;
  await (await getStore()).close();
  let bulk: BulkFigures | null = null;
  if (taken) {
    // Every row the upload stored went through the bulk path, and nothing else did.
    if (taken.rows !== rows) throw new Error(`the bulk path inserted ${taken.rows} rows, the upload stored ${rows}`);
    bulk = { rows: taken.rows, queueMs: taken.queueMs, writerMs: taken.writerActiveMs ?? taken.writerMs };
  }
  return { mb: size / 1e6, seconds, rows, builds, peakRssMb: peakRssMb(), status: response.status, bulk };
}

async function childRaw(source: string, target: string): Promise<RawFigures> {
  const { migrateDatabase, openDatabase } = await import("../lib/db/open");
  migrateDatabase(target);
  const from = openDatabase(source);
  const builds = from.prepare(`SELECT * FROM "Build"`).raw().all() as unknown[][];
  const top = from.prepare(`SELECT * FROM "TopEntry"`).raw().all() as unknown[][];
  const samples = from.prepare(`SELECT * FROM "Sample"`).raw().all() as unknown[][];
  const logs = from.prepare(`SELECT * FROM "Log"`).raw().all() as unknown[][];
  const rooms = from.prepare(`SELECT * FROM "Room"`).raw().all() as unknown[][];
  from.close();
  const db = openDatabase(target);
  db.pragma("foreign_keys = OFF");
  const placeholders = (row: unknown[]) => row.map(() => "?").join(",");
  const insert = (table: string, rows: unknown[][]) => {
    if (rows.length === 0) return;
    const statement = db.prepare(`INSERT INTO "${table}" VALUES (${placeholders(rows[0] as unknown[])})`);
    for (const row of rows) statement.run(...row);
  };
  const started = performance.now();
  db.transaction(() => {
    insert("Log", logs);
    insert("Room", rooms);
    insert("Build", builds);
    insert("TopEntry", top);
    insert("Sample", samples);
  })();
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return { rows: builds.length + top.length + samples.length, seconds, peakRssMb: peakRssMb() };
}

/** Seeds `db` (SQLite) and times the read API on it; or, given `postgresUrl`, on a copy of `db` made there. */
async function childQuery(db: string, builds: number, postgresUrl?: string): Promise<QueryFigures> {
  const { migrateDatabase, openDatabase } = await import("../lib/db/open");
  if (postgresUrl) {
    // The database the SQLite run seeded, copied as `npm run db:copy` does.
    const { default: pg } = await import("pg");
    const { copySqliteToPostgres } = await import("../lib/db/copy");
    const source = openDatabase(db);
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    await copySqliteToPostgres(source, client);
    // Statistics and visibility map as autovacuum keeps them.
    await client.query("VACUUM ANALYZE");
    await client.end();
    source.close();
    process.env.DATABASE_URL = postgresUrl;
  } else {
    process.env.DATABASE_URL = `file:${db}`;
    migrateDatabase(db);
    const sqlite = openDatabase(db);
    seedBuilds(sqlite, builds);
    sqlite.close();
    const { createStore } = await import("../lib/db/store");
    const store = createStore(`file:${db}`);
    await store.transaction((session) => session.rebuildIncidents("bench", 100));
    await store.close();
  }

  const routes = {
    builds: (await import("../app/api/builds/route")).GET,
    build: (await import("../app/api/builds/[job]/[number]/route")).GET,
    rooms: (await import("../app/api/rooms/route")).GET,
    incidents: (await import("../app/api/incidents/route")).GET,
    timeline: (await import("../app/api/timeline/route")).GET,
  };
  const { countIncidentStarts } = await import("../lib/db/queries");
  const middle = Math.max(1, Math.floor(builds / 2));
  const calls: Record<string, () => Promise<Response>> = {
    "GET /api/builds": () => routes.builds(new Request("http://x/api/builds")),
    "GET /api/builds?class&sort=queueLen": () =>
      routes.builds(new Request("http://x/api/builds?class=muc_room&sort=queueLen&page=3")),
    "GET /api/builds/{job}/{number}": () =>
      routes.build(new Request("http://x"), { params: Promise.resolve({ job: "bench", number: String(middle) }) }),
    "GET /api/rooms": () => routes.rooms(new Request("http://x/api/rooms")),
    "GET /api/incidents": () => routes.incidents(new Request("http://x/api/incidents")),
    "GET /api/timeline": () => routes.timeline(new Request("http://x/api/timeline")),
    // Filtered views: one job holding every build, a pid in none of them.
    "GET /api/builds?job": () => routes.builds(new Request("http://x/api/builds?job=bench")),
    "GET /api/builds?pid": () => routes.builds(new Request("http://x/api/builds?pid=%3C6562.100.10%3E")),
    "GET /api/timeline?pid": () => routes.timeline(new Request("http://x/api/timeline?pid=%3C6562.100.10%3E")),
    "GET /api/rooms?pid": () => routes.rooms(new Request("http://x/api/rooms?pid=%3C6562.100.10%3E")),
    // A pid low in every build's top list (rank 5): the pid filter keeps every build.
    "GET /api/timeline?pid (in every top list)": () => routes.timeline(new Request("http://x/api/timeline?pid=%3C6562.5.0%3E")),
    "GET /api/incidents?class": () => routes.incidents(new Request("http://x/api/incidents?class=sql")),
    // The chart above /incidents (no route of its own): every incident counted by week and class, at +08:00.
    "/incidents chart (countIncidentStarts)": async () => Response.json(await countIncidentStarts({}, { offsetMinutes: 480 })),
    "/incidents?job chart": async () => Response.json(await countIncidentStarts({ job: "bench" }, { offsetMinutes: 480 })),
    // The class filter also keeps incident builds that inspected no process, by their incident's class.
    "GET /api/timeline?class": () => routes.timeline(new Request("http://x/api/timeline?class=muc_room")),
    "GET /api/builds?class=unknown": () => routes.builds(new Request("http://x/api/builds?class=unknown")),
    // The worst incidents first, and the longest: each read from an end of its index (peakQueueLen, id), (durationMs, id).
    "GET /api/incidents?sort=peakQueueLen": () => routes.incidents(new Request("http://x/api/incidents?sort=peakQueueLen")),
    "GET /api/incidents?sort=durationMs": () => routes.incidents(new Request("http://x/api/incidents?sort=durationMs")),
    // A room by its name alone (any host), and by its JID.
    "GET /api/builds?room (name)": () => routes.builds(new Request("http://x/api/builds?room=room7")),
    "GET /api/builds?room (jid)": () => routes.builds(new Request("http://x/api/builds?room=room7%40conference.example.org")),
    "GET /api/timeline?job": () => routes.timeline(new Request("http://x/api/timeline?job=bench")),
    // Every build as CSV, streamed a chunk at a time (the whole body is read, as a download would).
    "GET /api/builds?format=csv (every build)": () => routes.builds(new Request("http://x/api/builds?format=csv")),
  };
  const timings: Record<string, number> = {};
  for (const [name, call] of Object.entries(calls)) {
    const first = await call();
    if (first.status !== 200) throw new Error(`${name}: ${first.status} ${await first.text()}`);
    await first.arrayBuffer();
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await (await call()).arrayBuffer();
      samples.push(performance.now() - started);
    }
    timings[name] = median(samples);
  }
  // What CI does after each monitor run: post one build, the job's next number. Its incidents are
  // regrouped from the job's open ones, not from every build of the job (lib/db/store/incidents.ts).
  const { POST } = await import("../app/api/logs/route");
  const { generateLog } = await import("../lib/monitor-log/generate");
  const uploads: number[] = [];
  // PostgreSQL gets a copy of the SQLite file after the SQLite run posted its builds: it posts later ones.
  const next = builds + 1 + (postgresUrl ? 100 : 0);
  for (let i = 0; i < 6; i++) {
    const text = [...generateLog({ seed: next + i, builds: 1, job: "bench", firstBuild: next + i })].join("");
    const started = performance.now();
    const response = await POST(new Request("http://x/api/logs?filename=next.log", { method: "POST", body: text, headers: { "content-type": "text/plain" } }));
    await response.arrayBuffer();
    if (response.status !== 201) throw new Error(`POST /api/logs: ${response.status}`);
    if (i > 0) uploads.push(performance.now() - started);
  }
  timings["POST /api/logs (the job's next build)"] = median(uploads);
  // What a build landing among the job's older ones costs (an upload of #27043 after #27044): the
  // whole job is read and regrouped, in the upload's transaction. Usually little changes; grouped with
  // another threshold, every incident does (alternately 99 and 100 here, so each run changes them all).
  const { getStore } = await import("../lib/db/store");
  const store = await getStore();
  const regroups: [string, number[]][] = [
    ["regroup the whole job, nothing changed", [100, 100, 100]],
    ["regroup the whole job, every incident changed", [99, 100, 99]],
  ];
  for (const [name, thresholds] of regroups) {
    const runs: number[] = [];
    for (const threshold of thresholds) {
      const started = performance.now();
      const mode = await store.transaction((session) => session.rebuildIncidents("bench", threshold));
      if (mode !== "regrouped") throw new Error(`regrouping the whole job: ${mode}`);
      runs.push(performance.now() - started);
    }
    timings[`${name} (median of 3)`] = median(runs);
  }
  return { builds, timings };
}

/** Synthetic history: one job, a build every 5 minutes, 10 top entries and 2 samples each, 40 rooms. */
function seedBuilds(db: import("better-sqlite3").Database, count: number): void {
  const classes = ["muc_room", "muc_room", "muc_room", "sql", "rpc", "dead", "unknown", "gen_call"];
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  db.transaction(() => {
    db.prepare(`INSERT INTO "Log" (sha256, fileName, size, uploadedAt, buildCount) VALUES ('bench', 'bench.log', 0, ?, ?)`).run(
      new Date().toISOString(),
      count,
    );
    const room = db.prepare(`INSERT INTO "Room" (jid, name, host) VALUES (?, ?, 'conference.example.org')`);
    for (let r = 1; r <= 40; r++) room.run(`room${r}@conference.example.org`, `room${r}`);
    const build = db.prepare(
      `INSERT INTO "Build" (logId, seq, sourceKind, job, number, startedAt, url, worstQueueLen, inspectedPid, inspectedQueueLen,
        inspectedDead, incident, culpritClass, culpritSubject, culpritRule, culpritEvidence, roomId, createdAt, at)
       VALUES (1, ?, 'monitor', 'bench', ?, ?, NULL, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const top = db.prepare(`INSERT INTO "TopEntry" (buildId, rank, pid, queueLen) VALUES (?, ?, ?, ?)`);
    const sample = db.prepare(
      `INSERT INTO "Sample" (buildId, "index", kind, summary, destination, raw, decoded) VALUES (?, ?, '$gen_event', 'route', ?, ?, NULL)`,
    );
    const start = Date.parse("2025-01-01T00:00:00Z");
    for (let n = 1; n <= count; n++) {
      const cls = classes[Math.floor(random() * classes.length)] as string;
      const queue = Math.floor(random() * 20000);
      const roomId = cls === "muc_room" ? 1 + Math.floor(random() * 40) : null;
      const at = new Date(start + n * 300_000).toISOString().replace("Z", "+00:00");
      const pid = `<6562.${Math.floor(random() * 30000)}.${Math.floor(random() * 5000)}>`;
      // One build in 50 inspected no process (its run printed the top list alone): no class of its own.
      const inspected = n % 50 !== 0;
      const id = Number(
        (inspected
          ? build.run(n - 1, n, at, queue, pid, queue, queue >= 100 ? 1 : 0, cls, roomId ? `room${roomId}@conference.example.org` : cls, "bench", "[]", roomId, at, at)
          : build.run(n - 1, n, at, queue, null, null, queue >= 100 ? 1 : 0, null, null, null, null, null, at, at)
        ).lastInsertRowid,
      );
      top.run(id, 1, pid, queue);
      for (let rank = 2; rank <= 10; rank++) top.run(id, rank, `<6562.${rank}.0>`, Math.floor(random() * 5));
      for (let i = 0; i < 2; i++) sample.run(id, i, roomId ? `room${roomId}@conference.example.org` : null, "{'$gen_event',{route,...}}");
    }
  })();
}

// ## Parent

function runChild(args: string[]): unknown {
  const result = spawnSync(
    process.execPath,
    [path.join("node_modules", "tsx", "dist", "cli.mjs"), "--conditions=react-server", fileURLToPath(import.meta.url), ...args],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NODE_ENV: "production" } },
  );
  if (result.status !== 0) throw new Error(`child ${args.join(" ")} failed:\n${result.stderr}`);
  const last = result.stdout.trim().split("\n").pop() ?? "";
  return JSON.parse(last);
}

async function generate(file: string, megabytes: number, options: { seed?: number; job?: string } = {}): Promise<void> {
  const { generateLog } = await import("../lib/monitor-log/generate");
  const out = fs.createWriteStream(file);
  for (const chunk of generateLog({ seed: options.seed ?? 7, targetSize: megabytes * 1e6, job: options.job })) {
    if (!out.write(chunk)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

/** A PostgreSQL database for the run: BENCH_POSTGRES_URL / TEST_POSTGRES_URL's server, or a throw-away one. */
async function postgresServer(): Promise<{ url: string; stop(): void } | null> {
  const given = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL;
  if (given) return { url: given, stop: () => undefined };
  const { findPgBin, startPg, stopPg } = await import("./pg-test-server.mjs");
  if (!findPgBin()) return null;
  const server = await startPg();
  return { url: server.url, stop: () => stopPg(server.dir) };
}

async function parent(): Promise<void> {
  const list = (value: string | undefined, fallback: string) =>
    (value ?? fallback).split(",").filter((item) => item.trim() !== "").map(Number);
  const sizes = list(process.env.BENCH_SIZES_MB, "10,100");
  const queryBuilds = list(process.env.BENCH_QUERY_BUILDS, "100,100000");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mqdash-bench-"));
  const pgServer = process.env.BENCH_DATABASES === "sqlite" ? null : await postgresServer();
  const { createTestDatabase } = await import("../lib/testing/databases");
  if (pgServer) process.env.TEST_POSTGRES_URL = pgServer.url;
  try {
    if (sizes.length > 0) {
      console.log("## ingest (POST /api/logs handler, streamed body), on SQLite and PostgreSQL, vs a raw prepared-statement insert of the same rows\n");
      if (!pgServer) console.log("(PostgreSQL not installed: SQLite only)\n");
      console.log(
        "size MB | database | ingest s | MB/s | rows | rows/s | peak RSS MB | raw SQLite rows/s | raw/ingest | bulk path s (queue + writer) | bulk rows/s | raw/bulk",
      );
      console.log("--- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | ---");
    }
    // The "warm" rows: a server that has taken one upload before (another job's 10 MB log).
    const warmUp = path.join(dir, "warm-up.log");
    if (sizes.length > 0) await generate(warmUp, 10, { seed: 11, job: "bench_warm_up" });
    for (const mb of sizes) {
      const log = path.join(dir, `bench-${mb}.log`);
      await generate(log, mb);
      const sqliteDb = path.join(dir, `ingest-${mb}.db`);
      const targets: { kind: string; url: string; warmUp?: string; drop?: () => Promise<void> }[] = [
        { kind: "sqlite", url: `file:${sqliteDb}` },
        { kind: "sqlite, warm", url: `file:${path.join(dir, `ingest-warm-${mb}.db`)}`, warmUp },
      ];
      if (pgServer) {
        const database = await createTestDatabase("postgres", `bench_${mb}`);
        targets.push({ kind: "postgres", url: database.url, drop: database.drop });
      }
      const ingests = targets.map((target) => ({
        target,
        figures: runChild(["--child", "ingest", log, target.url, ...(target.warmUp ? [target.warmUp] : [])]) as IngestFigures,
      }));
      const raw = runChild(["--child", "raw", sqliteDb, path.join(dir, `raw-${mb}.db`)]) as RawFigures;
      const rawRate = raw.rows / raw.seconds;
      for (const { target, figures } of ingests) {
        if (figures.status !== 201) throw new Error(`ingest of ${mb} MB into ${target.kind} answered ${figures.status}`);
        const rate = figures.rows / figures.seconds;
        const bulk = figures.bulk;
        const bulkSeconds = bulk ? (bulk.queueMs + bulk.writerMs) / 1000 : NaN;
        const bulkRate = bulk ? bulk.rows / bulkSeconds : NaN;
        console.log(
          [
            figures.mb.toFixed(1),
            target.kind,
            figures.seconds.toFixed(2),
            (figures.mb / figures.seconds).toFixed(1),
            figures.rows,
            Math.round(rate),
            figures.peakRssMb.toFixed(0),
            Math.round(rawRate),
            `${(rawRate / rate).toFixed(2)}×`,
            ...(bulk
              ? [`${bulkSeconds.toFixed(2)} (${(bulk.queueMs / 1000).toFixed(2)} + ${(bulk.writerMs / 1000).toFixed(2)})`, Math.round(bulkRate), `${(rawRate / bulkRate).toFixed(2)}×`]
              : ["–", "–", "–"]),
          ].join(" | "),
        );
        await target.drop?.();
      }
      fs.rmSync(log, { force: true });
    }

    if (queryBuilds.length === 0) return;
    const table = (database: string, results: QueryFigures[]) => {
      console.log(`\n## read API response times on ${database} (median of 5, ms) by builds in the database\n`);
      console.log(["endpoint", ...results.map((r) => `${r.builds} builds`), "ratio"].join(" | "));
      console.log(["---", ...results.map(() => "---"), "---"].join(" | "));
      for (const name of Object.keys(results[0]?.timings ?? {})) {
        const values = results.map((r) => r.timings[name] ?? NaN);
        const ratio = (values[values.length - 1] ?? NaN) / (values[0] ?? NaN);
        console.log([name, ...values.map((v) => v.toFixed(1)), `${ratio.toFixed(1)}×`].join(" | "));
      }
    };
    const seeded = (n: number) => path.join(dir, `query-${n}.db`);
    table("SQLite", queryBuilds.map((n) => runChild(["--child", "query", seeded(n), String(n)]) as QueryFigures));
    if (pgServer) {
      const results: QueryFigures[] = [];
      for (const n of queryBuilds) {
        const database = await createTestDatabase("postgres", `bench_query_${n}`);
        try {
          results.push(runChild(["--child", "query", seeded(n), String(n), database.url]) as QueryFigures);
        } finally {
          await database.drop();
        }
      }
      table("PostgreSQL (the same data, copied)", results);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    pgServer?.stop();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === "--child") {
    const [kind, a, b, c] = args.slice(1);
    const figures =
      kind === "ingest"
        ? await childIngest(a as string, b as string, c)
        : kind === "raw"
          ? await childRaw(a as string, b as string)
          : await childQuery(a as string, Number(b), c);
    console.log(JSON.stringify(figures));
    return;
  }
  await parent();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
