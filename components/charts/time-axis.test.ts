import { describe, expect, it } from "vitest";
import { autoTimeAxis, GAP_SHARE, indexTicks, parseTimeAxis } from "./time-axis";

const DAY = 86_400_000;

describe("the timeline's x axis", () => {
  it("reads axis=time and axis=builds from the URL, nothing else", () => {
    expect(parseTimeAxis("time")).toBe("time");
    expect(parseTimeAxis("builds")).toBe("builds");
    for (const other of [null, undefined, "", "Builds", "log", "index"]) expect(parseTimeAxis(other)).toBeNull();
  });

  it("spaces the builds evenly when one gap is more than half the span (the seed's 2015 builds beside two of 2023)", () => {
    const fortnight = Array.from({ length: 300 }, (_, i) => Date.UTC(2015, 7, 16) + i * 3_600_000);
    expect(autoTimeAxis(fortnight)).toBe("time");
    expect(autoTimeAxis([...fortnight, Date.UTC(2023, 10, 2), Date.UTC(2023, 10, 2, 0, 3)])).toBe("builds");
    // A clock that said 1970 for one build: the same.
    expect(autoTimeAxis([0, ...fortnight])).toBe("builds");
  });

  it("keeps time for steady builds and for a pause shorter than half the span", () => {
    const month = Array.from({ length: 30 }, (_, i) => i * DAY);
    expect(autoTimeAxis(month)).toBe("time");
    // A week's pause in a month of builds: gaps are part of the story.
    expect(autoTimeAxis([...month.slice(0, 10), ...month.slice(17)])).toBe("time");
    // Exactly half is not more than half.
    expect(autoTimeAxis([0, 1 * DAY, 2 * DAY, 4 * DAY])).toBe("time");
    expect(GAP_SHARE).toBe(0.5);
    expect(autoTimeAxis([0, 1 * DAY, 2 * DAY, 4.01 * DAY])).toBe("builds");
  });

  it("keeps time with fewer than three builds or no span", () => {
    expect(autoTimeAxis([])).toBe("time");
    expect(autoTimeAxis([0, 100 * DAY])).toBe("time");
    expect(autoTimeAxis([5, 5, 5])).toBe("time");
  });

  it("ticks: first and last position, about six, each once", () => {
    expect(indexTicks(0)).toEqual([]);
    expect(indexTicks(1)).toEqual([0]);
    expect(indexTicks(4)).toEqual([0, 1, 2, 3]);
    expect(indexTicks(302)).toEqual([0, 60, 120, 181, 241, 301]);
    expect(indexTicks(7)).toEqual([0, 1, 2, 4, 5, 6]);
  });
});
