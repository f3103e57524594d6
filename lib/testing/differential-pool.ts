// A small pool of console logs for the differential test of the stored state
// (lib/db/differential.test.ts): 2-3 jobs whose builds are spread over several
// logs, with incidents that span logs (a room whose process restarts, a pid
// stuck for several builds, runs that printed the top list alone, dead
// processes), healthy builds, re-run attempts, a console that grows, a CI
// console pushed early then whole, another console of the same build (a 409
// depending on order), gzip copies and snapshots of another format.
import { gzipSync } from "node:zlib";
import { generateLog } from "@/lib/monitor-log/generate";
import { fixture } from "@/lib/testing/api";


export type PoolItem = {
  /** Unique name of the item in the pool. */
  name: string;
  fileName: string;
  text: string;
  /** Upload metadata (query parameters). */
  meta: Record<string, string>;
  gzip?: boolean;
};

type Kind =
  | { kind: "room"; room: string }
  | { kind: "call"; req: string }
  | { kind: "dead" }
  | { kind: "healthy" }
  | { kind: "top-only" };

type Run = { noCi?: boolean; job: string; number: number; pid: string; queue: number; at: number | null; what: Kind; second?: [string, number] };

const MUC = "conference.easemob.com";
const BASE = Date.UTC(2031, 0, 1); // in the future: the prune cutoff is after the uploads

function roomSample(room: string, k: number): string {
  return `  {'$gen_event',
      {route,
          {jid,<<"u${k}">>,<<"easemob.com">>,<<"mobile">>,
              <<"u${k}">>,<<"easemob.com">>,<<"mobile">>},
          <<>>,
          {xmlel,<<"message">>,
              [{<<"id">>,<<"m${k}">>},
               {<<"to">>,<<"${room}@${MUC}">>},
               {<<"type">>,<<"groupchat">>}],
              [{xmlel,<<"body">>,[],[{xmlcdata,<<"hi">>}]}]}}}`;
}

const callSample = (req: string, k: number) => `  {'$gen_call',{<6562.${900 + k}.0>,#Ref<6562.0.1.${k}>},${req}}`;

/** One monitor run as a Jenkins console prints it (with `date` line when timed). */
export function runText(run: Run, { cut = false }: { cut?: boolean } = {}): string {
  const { job, number, pid, queue } = run;
  const lines: string[] = ["Started by timer", `Building in workspace /var/lib/jenkins/workspace/${job}`];
  if (run.at !== null) {
    const local = `${new Date(run.at + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ")} +0800`;
    lines.push("+ date '+%F %T %z'", `${local} monitor: connecting to ejabberd@node1`);
  }
  if (!run.noCi) lines.push(`JOB_NAME=${job}`, `BUILD_NUMBER=${number}`, `BUILD_URL=http://ci.example.org/job/${job}/${number}/`);
  lines.push("processes sorted by queue_len desc:");
  const top: [string, number][] = [[pid, queue]];
  if (run.second) top.push(run.second);
  top.push(["<6562.6042.0>", 1], ["<6562.4635.0>", 0]);
  top.sort((a, b) => b[1] - a[1]);
  top.forEach(([p, q], i) => lines.push(`${i === 0 ? " [" : "  "}{${p},{message_queue_len,${q}}}${i === top.length - 1 ? "]" : ","}`));
  const w = run.what;
  if (w.kind === "dead") lines.push(`message queue len of pid ${pid} : undefined`);
  else if (w.kind !== "top-only") {
    lines.push(`message queue len of pid ${pid} : {message_queue_len,${queue}}`, `message in pid ${pid} :`);
    const samples = w.kind === "room" ? [1, 2, 3].map((k) => roomSample(w.room, number * 10 + k)) : w.kind === "call" ? [1, 2, 3].map((k) => callSample(w.req, k)) : [callSample("{get_state}", 1)];
    if (cut) {
      // Cut inside the sample list, as a console read while the monitor was writing it.
      lines.push(` [${samples[0]!.slice(2)},`);
      return `${lines.join("\n")}\n`;
    }
    lines.push(` [${samples.join(",\n").slice(2)}]`);
  }
  lines.push("+ exit 0", "Finished: SUCCESS");
  return `${lines.join("\n")}\n`;
}

const h = (n: number) => BASE + n * 3600_000;

/** A watchdog warning (ejabberd_system_monitor) as `tail ejabberd.log` prints it in a console. */
function watchdog(at: number, pid: string, msgs: number): string {
  const stamp = new Date(at).toISOString().replace("T", " ").replace("Z", "000+00:00");
  return (
    `${stamp} [warning] <0.86.0>@ejabberd_system_monitor:handle_overload/2:143 The system is overloaded with ${msgs} messages queued by 1 process(es) (1%) from the following applications: ejabberd (${msgs} msgs); the top processes are:\n` +
    `** ${pid}: msgs = ${msgs}, memory = 1000, initial_call = mod_muc_room:init/1, current_function = gen:do_call/4, ancestors = ['mod_muc_room_sup_example.org',ejabberd_gen_mod_sup,ejabberd_sup,<0.110.0>], application = ejabberd\n`
  );
}

export function buildPool(): PoolItem[] {
  const A = "diff-a";
  const B = "diff-b";
  const C = "diff-c";
  const r1 = { kind: "room", room: "room1" } as const;
  const r2 = { kind: "room", room: "room2" } as const;
  const call = { kind: "call", req: "{get_state}" } as const;
  const call2 = { kind: "call", req: "get_config" } as const;
  const a = (n: number, pid: string, queue: number, what: Kind, extra: Partial<Run> = {}): Run => ({ job: A, number: n, pid, queue, at: h(n), what, ...extra });
  const b = (n: number, pid: string, queue: number, what: Kind, extra: Partial<Run> = {}): Run => ({ job: B, number: n, pid, queue, at: h(n - 100) + 1800_000, what, ...extra });
  const runs: Record<string, Run> = {};
  const A_RUNS: Run[] = [
    a(1, "<6562.10.1>", 5000, r1),
    a(2, "<6562.10.1>", 6000, r1),
    a(3, "<6562.11.1>", 4000, r1, { second: ["<6562.20.1>", 300] }), // room1's process restarted
    a(4, "<6562.11.1>", 4500, r1),
    a(5, "<6562.12.1>", 20, { kind: "healthy" }),
    a(6, "<6562.20.1>", 7000, call),
    a(7, "<6562.20.1>", 7100, { kind: "dead" }),
    a(8, "<6562.20.1>", 7200, call, { second: ["<6562.30.1>", 200] }),
    a(9, "<6562.30.1>", 800, { kind: "top-only" }),
    a(10, "<6562.30.1>", 900, { kind: "top-only" }),
    a(11, "<6562.30.1>", 1000, r2),
    a(12, "<6562.13.1>", 30, { kind: "healthy" }),
    a(13, "<6562.40.1>", 3000, r1),
    a(14, "<6562.40.1>", 3100, r1),
    a(15, "<6562.50.1>", 100, { kind: "dead" }),
    a(16, "<6562.51.1>", 2000, r2),
  ];
  for (const run of A_RUNS) runs[`a${run.number}`] = run;
  const text = (...names: string[]) => names.map((name) => runText(runs[name]!)).join("");
  const items: PoolItem[] = [];
  const add = (name: string, fileName: string, body: string, meta: Record<string, string> = {}, gzip = false) => items.push({ name, fileName, text: body, meta, gzip });
  add("A1", "a-1-3.log", text("a1", "a2", "a3"));
  add("A2", "a-4.log", text("a4"));
  add("A2gz", "a-4.log.gz", text("a4"), {}, true); // the same content, gzip: a duplicate
  add("A2x", "a-4-other.log", `some noise before\n${text("a4")}`); // another console of build 4: 409 either way
  add("A3", "a-5-8.log", text("a5", "a6", "a7", "a8"));
  add("A4", "a-9-11.log", text("a9", "a10", "a11"));
  add("A5", "a-12.log", text("a12"));
  add("A6", "a-13-16.log", text("a13", "a14", "a15", "a16"));
  // Re-runs (explicit attempts).
  add("A7r", "a-8-rerun.log", runText(a(8, "<6562.20.1>", 7300, call, { at: h(8) + 600_000 })), { attempt: "2" });
  add("A8r", "a-10-rerun.log", runText(a(10, "<6562.31.1>", 950, r2, { at: h(10) + 600_000 })), { attempt: "2" });
  add("A9r", "a-3-rerun.log", runText(a(3, "<6562.60.1>", 40, { kind: "healthy" }, { at: h(3) + 600_000 })), { attempt: "2" });
  // A file that grows (no CI): runs 17, 18 (18 cut while the monitor wrote it), then 18 whole and 19, then 20-21.
  const g = [a(17, "<6562.70.1>", 2500, call2), a(18, "<6562.70.1>", 2600, call2), a(19, "<6562.71.1>", 2700, r2), a(20, "<6562.71.1>", 2800, r2), a(21, "<6562.72.1>", 10, { kind: "healthy" })];
  const g2 = runText(g[0]!) + runText(g[1]!) + runText(g[2]!);
  add("G1cut", "grow.log", runText(g[0]!) + runText(g[1]!, { cut: true }));
  add("G1", "grow.log", runText(g[0]!) + runText(g[1]!));
  add("G2", "grow.log", g2);
  add("G3", "grow.log", g2 + runText(g[3]!) + runText(g[4]!));
  // A CI console pushed early, then whole.
  const e = a(22, "<6562.80.1>", 5000, r1);
  add("E1", "a-22.log", runText(e, { cut: true }));
  add("E2", "a-22.log", runText(e));
  // Job B: untimed builds among timed ones, a pid that stays across logs.
  const bRuns = [
    b(100, "<6562.90.1>", 500, call),
    b(101, "<6562.90.1>", 600, call, { at: null }),
    b(102, "<6562.90.1>", 700, { kind: "top-only" }),
    b(103, "<6562.91.1>", 50, { kind: "healthy" }),
    b(104, "<6562.92.1>", 800, { kind: "dead" }),
    b(105, "<6562.92.1>", 900, call, { at: null }),
    b(106, "<6562.93.1>", 1200, call2),
  ];
  for (const run of bRuns) runs[`b${run.number}`] = run;
  add("B1", "b-100-101.log", text("b100", "b101"));
  add("B2", "b-102-104.log", text("b102", "b103", "b104"));
  add("B3", "b-105.log", text("b105"));
  add("B4", "b-106.log", text("b106"));
  // A log of two jobs.
  add("M1", "mixed.log", runText(a(23, "<6562.72.1>", 900, call2)) + runText(b(107, "<6562.93.1>", 1300, call2)));
  // Job C: CI consoles that print `tail ejabberd.log`: the same watchdog warning in two of them.
  const w1 = watchdog(h(200), "<0.500.0>", 9000);
  const w2 = watchdog(h(201), "<0.500.0>", 9500);
  const c = (n: number, pid: string, q: number, what: Kind): Run => ({ job: C, number: n, pid, queue: q, at: h(n), what });
  add("Cd1", "c-200.log", runText(c(200, "<6562.95.1>", 3000, call)) + w1);
  add("Cd2", "c-201.log", runText(c(201, "<6562.95.1>", 3100, call)) + w1 + w2);
  add("Cd3", "c-202.log", runText(c(202, "<6562.96.1>", 20, { kind: "healthy" })) + w2);
  // Job S: snapshots of another format, each warning in one console only, uploaded in any order.
  const s = (n: number, pid: string, q: number, what: Kind): Run => ({ job: "diff-s", number: n, pid, queue: q, at: h(n), what });
  add("S1", "s-300.log", runText(s(300, "<6562.97.1>", 20, { kind: "healthy" })) + watchdog(h(300), "<0.600.0>", 5000));
  add("S2", "s-301.log", runText(s(301, "<6562.97.1>", 20, { kind: "healthy" })) + watchdog(h(301), "<0.601.0>", 6000) + watchdog(h(301) + 60_000, "<0.600.0>", 5100));
  add("S3", "s-302.log", runText(s(302, "<6562.97.1>", 20, { kind: "healthy" })) + watchdog(h(302), "<0.600.0>", 5200));
  // No job, no number (a console saved by hand, a cron file): ordered by time.
  const n = (k: number, pid: string, q: number, what: Kind): Run => ({ noCi: true, job: "", number: k, pid, queue: q, at: h(k), what });
  add("N1", "saved-1.txt", runText(n(400, "<6562.98.1>", 3000, call)) + runText(n(402, "<6562.98.1>", 3200, call)));
  add("N2", "saved-2.txt", runText(n(401, "<6562.98.1>", 3100, call)));
  add("N3", "saved-3.txt", runText(n(403, "<6562.99.1>", 300, { kind: "top-only" })) + runText(n(404, "<6562.99.1>", 400, r1)));
  // A cron file without CI names that grows: its last run cut while the monitor wrote it, then whole.
  const ng = [n(450, "<6562.98.1>", 3300, call), n(451, "<6562.98.1>", 3400, call), n(452, "<6562.88.1>", 500, r2), n(453, "<6562.88.1>", 600, r2)];
  add("NG1cut", "cron.log", runText(ng[0]!) + runText(ng[1]!, { cut: true }));
  add("NG1", "cron.log", runText(ng[0]!) + runText(ng[1]!));
  add("NG2", "cron.log", ng.map((run) => runText(run)).join(""));
  // Job H: long logs (more builds than the SQLite writer's batch of 64: incidents written while the
  // upload's builds are queued, lib/db/store/live-incidents.ts), in three pieces and as one grown file.
  const hRun = (k: number): Run => {
    const phase = Math.floor(k / 3) % 7;
    const pid = `<6562.${phase}.9>`;
    const queue = phase === 6 ? 40 : 200 + ((k * 37) % 900);
    const what: Kind = phase === 6 ? { kind: "healthy" } : k % 11 === 5 ? { kind: "top-only" } : phase === 2 ? r1 : phase === 4 ? r2 : phase === 5 && k % 2 === 0 ? { kind: "dead" } : call;
    return { job: "diff-h", number: k, pid, queue, at: k % 13 === 7 ? null : h(k), what, second: [`<6562.${(phase + 6) % 7}.9>`, k % 3 === 0 ? 150 : 5] };
  };
  const hText = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => runText(hRun(from + k))).join("");
  add("H1", "h.log", hText(600, 669));
  add("H2", "h-670.log", hText(670, 749));
  add("H3", "h-750.log", hText(750, 759));
  add("Hall", "h.log", hText(600, 759));
  // The seed's fixtures (one build each, job ProductCI_ejabberd_mqueue_random_monitor; the room of
  // <6562.783.478> stuck for eleven builds), and one console holding three of them (a 409 either way).
  const seed = ["24228", "24282", "24340", "24430", "24433", "24719", "25330", "25341", "25394", "25731", "25746", "25781", "25808", "25846", "25864"];
  const seedLog = (n: string) => fixture(`ProductCI_ejabberd_mqueue_random_monitor_${n}.log`);
  for (const n of seed) add(`F${n}`, `ProductCI_ejabberd_mqueue_random_monitor_${n}.log`, seedLog(n));
  add("Fmulti", "three-builds.log", seedLog("24340") + seedLog("24430") + seedLog("24433"));
  // Generated (lib/monitor-log/generate.ts): a job's builds 500-507, in two logs and as one file grown.
  const gen = [...generateLog({ seed: 7, builds: 8, job: "diff-g", firstBuild: 500 })];
  add("GEN1", "gen.log", gen.slice(0, 4).join(""));
  add("GEN2", "gen-504.log", gen.slice(4).join(""));
  add("GENall", "gen.log", gen.join(""));
  return items;
}

export function itemBody(item: PoolItem): Uint8Array {
  const bytes = Buffer.from(item.text, "utf8");
  return new Uint8Array(item.gzip ? gzipSync(bytes) : bytes);
}
