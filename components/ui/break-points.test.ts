import { describe, expect, it } from "vitest";
import { MAX_RUN, splitAtBreakPoints } from "./break-points";

describe("natural break points in long names", () => {
  it.each([
    ["snh-48#pocket48_76366191207121304@conference.easemob.com", ["snh-48#", "pocket48_", "76366191207121304@", "conference.", "easemob.", "com"]],
    ["ProductCI_ejabberd_mqueue_random_monitor", ["ProductCI_", "ejabberd_", "mqueue_", "random_", "monitor"]],
    ["http://ci.example.org/job/a_b/25877/", ["http://", "ci.", "example.", "org/", "job/", "a_", "b/", "25877/"]],
    ["mnesia_lib:db_get", ["mnesia_", "lib:db_", "get"]],
    ["snapshot of 2020-12-18 04:09 UTC", ["snapshot of 2020-12-18 04:09 UTC"]],
    ["e2e#xss_room_1@conference.easemob.com", ["e2e#", "xss_", "room_", "1@", "conference.", "easemob.", "com"]],
  ])("%s", (text, pieces) => {
    expect(splitAtBreakPoints(text)).toEqual(pieces);
    expect(splitAtBreakPoints(text).join("")).toBe(text);
  });

  it("keeps a build number whole: a # that starts a word is not a break point", () => {
    expect(splitAtBreakPoints("ProductCI_ejabberd #25877")).toEqual(["ProductCI_", "ejabberd #25877"]);
  });

  it("does not break around punctuation standing next to spaces, or at the ends", () => {
    expect(splitAtBreakPoints("all of them: a.b")).toEqual(["all of them: a.", "b"]);
    expect(splitAtBreakPoints(".hidden")).toEqual([".hidden"]);
    expect(splitAtBreakPoints("trailing/")).toEqual(["trailing/"]);
    expect(splitAtBreakPoints("")).toEqual([""]);
  });

  it("keeps numbers whole: pids, addresses, times", () => {
    expect(splitAtBreakPoints("<6562.26699.4254>")).toEqual(["<6562.26699.4254>"]);
    expect(splitAtBreakPoints("c2s session <0.3110.0>")).toEqual(["c2s session <0.3110.0>"]);
    expect(splitAtBreakPoints("node@10.0.0.1")).toEqual(["node@", "10.0.0.1"]);
    expect(splitAtBreakPoints("2015-08-25 03:47 UTC")).toEqual(["2015-08-25 03:47 UTC"]);
  });

  it("leaves digits and letters alone: a room number never splits", () => {
    expect(splitAtBreakPoints("运维值班@conference.im.example.cn")).toEqual(["运维值班@", "conference.", "im.", "example.", "cn"]);
    expect(splitAtBreakPoints("76366191207121304")).toEqual(["76366191207121304"]);
  });

  it("cuts a word too long to fit every MAX_RUN characters, its natural break points kept", () => {
    const long = "a".repeat(70);
    expect(splitAtBreakPoints(`e2e#${long}@conference.easemob.com`)).toEqual([
      "e2e#",
      "a".repeat(MAX_RUN),
      "a".repeat(MAX_RUN),
      "a".repeat(70 - 2 * MAX_RUN) + "@",
      "conference.",
      "easemob.",
      "com",
    ]);
    // Exactly MAX_RUN stays whole; a space starts a new run; code points are never split.
    expect(splitAtBreakPoints("b".repeat(MAX_RUN))).toEqual(["b".repeat(MAX_RUN)]);
    expect(splitAtBreakPoints(`${"c".repeat(20)} ${"d".repeat(20)}`)).toEqual([`${"c".repeat(20)} ${"d".repeat(20)}`]);
    // Grapheme clusters stay whole: an accent with its letter, a ZWJ family, a flag.
    const accents = "a" + "e\u0301".repeat(40);
    for (const piece of splitAtBreakPoints(accents).slice(1)) expect(piece.startsWith("\u0301")).toBe(false);
    expect(splitAtBreakPoints(accents).join("")).toBe(accents);
    const family = "👨\u200D👩\u200D👧".repeat(40);
    for (const piece of splitAtBreakPoints(family)) expect(piece.startsWith("\u200D") || piece.endsWith("\u200D")).toBe(false);
    expect(splitAtBreakPoints("🇨🇳".repeat(40)).every((piece) => [...piece].length % 2 === 0)).toBe(true);
    const emoji = "😀".repeat(MAX_RUN + 1);
    expect(splitAtBreakPoints(emoji)).toEqual(["😀".repeat(MAX_RUN), "😀"]);
    expect(splitAtBreakPoints(emoji).join("")).toBe(emoji);
  });
});
