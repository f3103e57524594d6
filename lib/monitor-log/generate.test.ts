import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { classifyRun } from "../classify";
import { generateLog, type GeneratedBuild, type GenerateOptions } from "./generate";
import { scanLog } from "./scan";

describe("generateLog", () => {
  it("is deterministic for a seed and differs across seeds", () => {
    const a = [...generateLog({ seed: 42, builds: 10 })].join("");
    expect([...generateLog({ seed: 42, builds: 10 })].join("")).toBe(a);
    expect([...generateLog({ seed: 43, builds: 10 })].join("")).not.toBe(a);
  });

  it("every build says when it ran, as the monitor's consoles do: the timestamper, or the date line in UTC+8", () => {
    const runs = scanLog([...generateLog({ seed: 3, builds: 6 })].join(""));
    // Three minutes apart from 2015-09-01 00:00 UTC, whichever way the time is printed.
    expect(runs.map((run) => run.startedAt?.slice(0, 16))).toEqual(
      ["00:00", "00:03", "00:06", "00:09", "00:12", "00:15"].map((t) => `2015-09-01T${t}`),
    );
    // untimed: every other build prints no time (placed at its upload when stored).
    const untimed = scanLog([...generateLog({ seed: 3, builds: 6, untimed: true })].join(""));
    expect(untimed.map((run) => run.startedAt === null)).toEqual([false, true, false, true, false, true]);
  });

  it("stops once the target size is reached, one build per chunk", () => {
    const chunks = [...generateLog({ seed: 1, targetSize: 200_000 })];
    const size = chunks.reduce((n, c) => n + c.length, 0);
    expect(size).toBeGreaterThanOrEqual(200_000);
    expect(size - (chunks[chunks.length - 1]?.length ?? 0)).toBeLessThan(200_000);
    expect(chunks.every((c) => c.startsWith("Started by timer") || c.startsWith("["))).toBe(true);
  });

  it("every generated build scans and classifies as it was generated", () => {
    const truth: GeneratedBuild[] = [];
    const text = [...generateLog({ seed: 9, builds: 300, onBuild: (b) => truth.push(b) })].join("");
    const runs = scanLog(text);
    expect(runs).toHaveLength(300);
    const classes = new Set<string>();
    runs.forEach((run, i) => {
      const t = truth[i]!;
      const v = classifyRun(run);
      classes.add(t.class);
      expect({ number: run.number, pid: run.inspected?.pid, class: v?.class, subject: v?.subject, incident: v?.incident, startedAt: run.startedAt }).toEqual({
        number: t.number,
        pid: t.pid,
        class: t.class,
        subject: t.subject,
        incident: t.incident,
        startedAt: t.startedAt,
      });
    });
    expect([...classes].sort()).toEqual(["dead", "gen_call", "muc_room", "rpc", "sql", "unknown"]);
    expect(runs.some((r) => (r.inspected?.queueLen ?? 0) >= 10_000)).toBe(true);
    expect(text).toMatch(/运维值班|星光应援团/);
  });

  it("starts where asked, a build every interval, untimed builds without a time; the same text as before by default", () => {
    const truth: GeneratedBuild[] = [];
    const start = Date.parse("2026-11-30T00:00:00Z");
    const text = [...generateLog({ seed: 4, builds: 6, job: "prod", firstBuild: 7, start, intervalMs: 15 * 60_000, untimed: true, onBuild: (b) => truth.push(b) })].join("");
    const runs = scanLog(text);
    expect(runs.map((r) => [r.job, r.number, r.startedAt])).toEqual(truth.map((t) => [t.job, t.number, t.startedAt]));
    expect(truth.map((t) => t.startedAt)).toEqual([null, "2026-11-30T00:15:00.007Z", null, "2026-11-30T00:45:00.007Z", null, "2026-11-30T01:15:00.007Z"]);
    // The defaults are the seed's month and three minutes: logs generated before stay the same
    // (these hashes are of the text the generator wrote before start and interval existed, 8e810de).
    const sha = (options: GenerateOptions) => createHash("sha256").update([...generateLog(options)].join("")).digest("hex");
    expect(sha({ seed: 4, builds: 3 })).toBe("944175127216e1a76e15c4497c36a5152237417d3020fafa92b69ad69f72d012");
    expect(sha({ seed: 7, builds: 40 })).toBe("a8fc48e1fec8413a168f93e63a54f2a56ab2b06936a393dda98992033effed38");
    expect(sha({ seed: 9, builds: 25, untimed: true, job: "x", firstBuild: 3 })).toBe("e0e84a81f817d14e4e79cf3d84c21bc458909f55c8b44258c7558685db2ab6c5");
  });
});
