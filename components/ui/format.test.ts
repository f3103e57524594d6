import { afterEach, describe, expect, test } from "vitest";
import { buildLabel, formatAge, formatDay, silence, formatDuration, formatShortTime, formatTime, incidentDuration, zoneName } from "./format";

describe("buildLabel", () => {
  const ci = { job: "ProductCI_ejabberd_mqueue_random_monitor", number: 27044, sourceKind: "monitor", node: null, startedAt: "2015-08-25T03:28:00.000Z" };
  const watchdog = { job: null, number: null, sourceKind: "ejabberd_system_monitor", node: null, startedAt: "2020-12-18T04:01:39.319Z" };

  test("a CI build is job #number, or #number where the job is shown beside it", () => {
    expect(buildLabel(ci)).toBe("ProductCI_ejabberd_mqueue_random_monitor #27044");
    expect(buildLabel(ci, { job: false })).toBe("#27044");
    expect(buildLabel({ ...ci, job: null })).toBe("#27044");
  });

  test("a snapshot is named by its time and source, never '#?' nor its database id", () => {
    expect(buildLabel(watchdog)).toBe("snapshot of 2020-12-18 04:01:39 UTC (ejabberd overload warning)");
    expect(buildLabel(watchdog, { short: true })).toBe("snapshot of 2020-12-18 04:01:39 UTC");
    expect(buildLabel(watchdog)).not.toMatch(/#\?|^build /);
  });

  test("the node, when the format names one", () => {
    expect(buildLabel({ ...watchdog, sourceKind: "etop", node: "ejabberd@im-1" })).toBe(
      "snapshot of 2020-12-18 04:01:39 UTC (etop screen, node ejabberd@im-1)",
    );
    expect(buildLabel({ ...watchdog, sourceKind: "recon_proc_count", node: "supavisor@10.0.1.5", startedAt: null })).toBe(
      "snapshot, time unknown (recon:proc_count, node supavisor@10.0.1.5)",
    );
    expect(buildLabel({ ...watchdog, sourceKind: "some_new_format" })).toBe("snapshot of 2020-12-18 04:01:39 UTC (some_new_format)");
  });

  test("a monitor run without a build number is a monitor run of its time", () => {
    expect(buildLabel({ ...ci, number: null })).toBe("ProductCI_ejabberd_mqueue_random_monitor: monitor run of 2015-08-25 03:28:00 UTC");
    expect(buildLabel({ ...ci, job: null, number: null }, { job: false })).toBe("monitor run of 2015-08-25 03:28:00 UTC");
    expect(buildLabel({ job: null, number: null })).toBe("monitor run, time unknown");
  });
});

describe("incidentDuration", () => {
  test.each([
    [1, 0, "single build"],
    [1, null, "single build"],
    [2, 0, "same time"],
    [2, null, "—"],
    [2, 20_000, "under a minute"],
    [3, 45 * 60_000, "45 min"],
    [11, (2 * 24 + 3) * 3_600_000, "2 d 3 h"],
  ] as const)("%i builds over %s ms: %s", (buildCount, durationMs, expected) => {
    expect(incidentDuration({ buildCount, durationMs })).toBe(expected);
  });

  test("only a one-build incident is a single build", () => {
    for (const durationMs of [0, 1, 59_999, 60_000, null]) expect(incidentDuration({ buildCount: 2, durationMs })).not.toBe("single build");
  });
});

describe("formatDuration", () => {
  test.each([
    [null, "—"],
    [0, "under a minute"],
    [59_999, "under a minute"],
    [60_000, "1 min"],
    [(3 * 60 + 12) * 60_000, "3 h 12 min"],
    [59 * 60_000 + 40_000, "1 h 0 min"],
    [(60 * 24 + 23) * 3_600_000, "60 d 23 h"],
    // Past two months, as an age is said: months, then years.
    [61 * 86_400_000, "2 months"],
    [730 * 86_400_000, "23 months"],
    [(4122 * 24 + 7) * 3_600_000, "11 years"],
  ] as const)("%s ms: %s", (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe("silence", () => {
  const now = Date.parse("2026-12-07T12:00:00.000Z");
  test("a job silent for more than four of its usual gaps, and over 15 minutes, is said to be", () => {
    // Every 3 minutes, the latest a day ago (an on-call review's job that stopped pushing).
    expect(silence("2026-12-06T12:00:00.000Z", 3 * 60_000, now)).toBe("no build for 1 d 0 h (it ran every 3 min)");
    // 13 minutes: four gaps of 3 minutes, but not 15 minutes yet.
    expect(silence("2026-12-07T11:47:00.000Z", 3 * 60_000, now)).toBeNull();
    expect(silence("2026-12-07T11:44:00.000Z", 3 * 60_000, now)).toBe("no build for 16 min (it ran every 3 min)");
    // Daily: two days quiet is not four days.
    expect(silence("2026-12-05T12:00:00.000Z", 24 * 3_600_000, now)).toBeNull();
    expect(silence("2026-12-01T12:00:00.000Z", 24 * 3_600_000, now)).toBe("no build for 6 d 0 h (it ran every 1 d 0 h)");
    // Years quiet (the seed's job, on the overview's Now): said in years, as its age is.
    expect(silence("2015-08-25T03:28:00.000Z", 54 * 60_000, now)).toBe("no build for 11 years (it ran every 54 min)");
    // Its gap unknown (fewer than four builds with times): nothing said.
    expect(silence("2015-08-25T03:28:00.000Z", null, now)).toBeNull();
  });
});

describe("formatAge", () => {
  const now = Date.parse("2026-12-07T12:00:00.000Z");
  test.each([
    [null, "—"],
    ["not a time", "—"],
    ["2026-12-07T12:05:00.000Z", "in the future"],
    ["2026-12-07T12:00:30.000Z", "under a minute ago"],
    ["2026-12-07T11:59:30.000Z", "under a minute ago"],
    ["2026-12-07T11:59:00.000Z", "1 min ago"],
    ["2026-12-07T11:15:00.000Z", "45 min ago"],
    ["2026-12-07T11:00:00.000Z", "1 h ago"],
    ["2026-12-05T13:00:00.000Z", "47 h ago"],
    ["2026-12-05T12:00:00.000Z", "2 d ago"],
    ["2026-10-08T12:00:00.000Z", "60 d ago"],
    ["2026-10-01T12:00:00.000Z", "2 months ago"],
    ["2025-01-01T00:00:00.000Z", "23 months ago"],
    ["2015-08-25T03:28:00.000Z", "11 years ago"],
  ] as const)("%s: %s", (at, expected) => {
    expect(formatAge(at, now)).toBe(expected);
  });
});

test("formatTime shows seconds only when asked", () => {
  expect(formatTime("2020-12-18T04:01:39.319Z")).toBe("2020-12-18 04:01 UTC");
  expect(formatTime("2020-12-18T04:01:39.319Z", { seconds: true })).toBe("2020-12-18 04:01:39 UTC");
  expect(formatTime(null)).toBe("—");
});


describe("times in the offset the pages show (DISPLAY_UTC_OFFSET)", () => {
  afterEach(() => {
    delete process.env.DISPLAY_UTC_OFFSET;
  });
  const at = "2015-08-22T16:34:05.000Z";

  test("unset: UTC, as ever", () => {
    expect(formatTime(at)).toBe("2015-08-22 16:34 UTC");
    expect(formatShortTime(Date.parse(at))).toBe("08-22 16:34");
  });

  test("+08:00: the wall clock there, named, the day moved with it", () => {
    process.env.DISPLAY_UTC_OFFSET = "+08:00";
    expect(formatTime(at)).toBe("2015-08-23 00:34 UTC+8");
    expect(formatTime(at, { seconds: true })).toBe("2015-08-23 00:34:05 UTC+8");
    expect(formatShortTime(Date.parse(at))).toBe("08-23 00:34");
    expect(formatDay(Date.parse(at))).toBe("2015-08-23");
    expect(buildLabel({ job: null, number: null, sourceKind: "ejabberd_system_monitor", node: null, startedAt: at }, { short: true })).toBe(
      "snapshot of 2015-08-23 00:34:05 UTC+8",
    );
  });

  test("half hours, west of UTC, the forms a setting takes; an unreadable one is UTC", () => {
    process.env.DISPLAY_UTC_OFFSET = "-0530";
    expect(formatTime(at)).toBe("2015-08-22 11:04 UTC-5:30");
    expect(zoneName("+05:45")).toBe("UTC+5:45");
    expect(zoneName("Z")).toBe("UTC");
    process.env.DISPLAY_UTC_OFFSET = "Asia/Shanghai";
    expect(formatTime(at)).toBe("2015-08-22 16:34 UTC");
  });
});
