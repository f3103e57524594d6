import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");
const FIX = join(__dirname, "__fixtures__");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const files = readdirSync(FIX).sort();

type Build = {
  source: string;
  sourceKind: string;
  job: string | null;
  number: number | null;
  startedAt: string | null;
  node: string | null;
  killed: { count: number; threshold: number } | null;
  service: boolean;
  top: { pid: string; queueLen: number; rank: number }[];
  culprit: { class: string; subject: string | null; service: boolean } | null;
};

describe("npm run analyze -- --json over every format", () => {
  // Spawned once for all fixtures: the CLI is a process start away from the library.
  const r = spawnSync(TSX, [join(ROOT, "scripts", "analyze.ts"), ...files.map((f) => join(FIX, f)), "--json"], { cwd: ROOT, encoding: "utf8" });
  const builds = r.status === 0 ? (JSON.parse(r.stdout) as { builds: Build[] }).builds : [];
  const of = (source: string) => builds.filter((b) => b.source === source);

  it("exits 0 with nothing on stderr", () => {
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  // [file, sourceKinds in order, first snapshot's culprit class and subject]
  const rows: [string, string[], string, string | null][] = [
    ["ejabberd-modern.log", ["ejabberd_system_monitor", "ejabberd_system_monitor"], "muc_room", "conference.example.org"],
    ["ejabberd-legacy.log", Array(4).fill("ejabberd_system_monitor"), "muc_room", "livechat.example.org"],
    ["ejabberd-crash-report.log", ["ejabberd_system_monitor"], "unknown", "c2s session <0.5005.3>"],
    ["ejabberd-unable-to-kill.log", ["ejabberd_system_monitor"], "rpc", "rex"],
    ["ejabberd-wrapped.log", ["ejabberd_system_monitor", "ejabberd_system_monitor"], "muc_room", "conference.example.org"],
    ["recon-erlang.txt", ["recon_proc_count", "recon_proc_count"], "unknown", "emqttd_sm_16"],
    ["recon-iex.txt", ["recon_proc_count"], "sql", "<0.3120.0>"],
    ["system-monitor.log", ["system_monitor", "system_monitor"], "gen_call", "<0.3571.0>"],
    ["etop.txt", ["etop"], "rpc", "rex"],
    ["etop-stars.txt", ["etop", "etop"], "muc_room", "<0.7731.3>"],
    ["mixed.log", ["monitor", "ejabberd_system_monitor", "recon_proc_count"], "gen_call", "{get_state}"],
  ];

  it("covers every fixture", () => expect(rows.map((x) => x[0]).sort()).toEqual(files));

  it.each(rows)("%s", (file, kinds, cls, subject) => {
    const bs = of(file);
    expect(bs.map((b) => b.sourceKind)).toEqual(kinds);
    expect(bs[0]?.culprit).toMatchObject({ class: cls, subject });
    for (const b of bs) {
      // The monitor run's shape, plus the snapshot fields.
      expect(Object.keys(b)).toEqual(expect.arrayContaining(["source", "job", "number", "startedAt", "url", "top", "inspected", "incident", "culprit", "sourceKind", "node", "killed", "service"]));
      // Ordered by queue length, pids the Erlang way whatever the input spelled.
      expect(b.top.map((t) => t.queueLen)).toEqual([...b.top.map((t) => t.queueLen)].sort((x, y) => y - x));
      for (const t of b.top) expect(t.pid).toMatch(/^(?:<\d+\.\d+\.\d+>|[a-z_][\w@.]*)$/);
    }
  });

  it("snapshots without a CI build have number null; the watchdog's time is startedAt", () => {
    expect(of("ejabberd-modern.log")[0]).toMatchObject({ number: null, startedAt: "2024-02-20T22:55:00.738Z", killed: { count: 2, threshold: 196716 }, service: true });
    // Said in both places alike (culprit.service is what the API and its CSV call service).
    expect(of("ejabberd-modern.log")[0]?.culprit).toMatchObject({ class: "muc_room", service: true });
    expect(builds.some((b) => b.service)).toBe(true);
    for (const b of builds) expect(b.culprit?.service ?? b.service, b.source).toBe(b.service);
    expect(of("recon-iex.txt")[0]).toMatchObject({ number: null, node: "supavisor@10.0.1.5", top: [{ pid: "<0.3120.0>", queueLen: 20411, rank: 1 }, { pid: "<0.2971.0>" }, { pid: "<0.1.0>" }] });
    // In a CI build's console, only its monitor run is the numbered build (as an upload stores it).
    expect(of("mixed.log").map((b) => [b.sourceKind, b.number, b.job])).toEqual([
      ["monitor", 27142, "ProductCI_ejabberd_mqueue_random_monitor"],
      ["ejabberd_system_monitor", null, "ProductCI_ejabberd_mqueue_random_monitor"],
      ["recon_proc_count", null, "ProductCI_ejabberd_mqueue_random_monitor"],
    ]);
  });
});
