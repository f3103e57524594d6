import { describe, expect, test } from "vitest";
import type { SampleDto } from "@/lib/db/queries";
import { pageSamples } from "./sample-groups";

const sample = (index: number, raw: string, decoded: string[] = []): SampleDto =>
  ({ id: index + 1, index, kind: "$gen_cast", summary: `message ${index}`, destination: null, raw, decoded }) as unknown as SampleDto;

describe("pageSamples: how much of the messages' text a build page holds", () => {
  test("short messages whole; a long one cut to the bound per message; past the page's bound, none", () => {
    // Sample 1's decoded text is not in its raw text: shown beside it, and counted; sample 2's is in it: neither.
    const shown = pageSamples([sample(0, "a".repeat(10)), sample(1, "b".repeat(50), ["c".repeat(40)]), sample(2, "d".repeat(30), ["ddd"]), sample(3, "e")], 25, 70);
    expect(shown.map((s) => [s.raw.length, s.hiddenDecoded.map((t) => t.length), s.omittedChars, s.shown])).toEqual([
      [10, [], 0, true],
      // Cut to 25 characters, its decoded text too: 40 characters left out.
      [25, [25], 40, true],
      // 10 characters of the page's 70 left.
      [10, [], 20, true],
      [0, [], 1, false],
    ]);
  });

  test("within the bounds: every message as stored", () => {
    const samples = [sample(0, "x".repeat(100), ["y"]), sample(1, "z")];
    expect(pageSamples(samples).map(({ raw, hiddenDecoded, omittedChars }) => ({ raw, hiddenDecoded, omittedChars }))).toEqual(
      samples.map(({ raw, decoded }) => ({ raw, hiddenDecoded: decoded, omittedChars: 0 })),
    );
  });
});
