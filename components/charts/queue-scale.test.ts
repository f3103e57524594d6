import { describe, expect, it } from "vitest";
import { autoScale, compactCount, logTicks, parseScale } from "./queue-scale";

describe("timeline y scale", () => {
  it("reads only the two names from the URL", () => {
    expect(parseScale("log")).toBe("log");
    expect(parseScale("linear")).toBe("linear");
    expect(parseScale("LOG")).toBeNull();
    expect(parseScale("")).toBeNull();
    expect(parseScale(null)).toBeNull();
  });

  it("starts logarithmic when positive queues spread over three orders of magnitude", () => {
    // The seed's builds: rooms at a few thousand, one p1_mysql connection in the millions.
    expect(autoScale([3102, 17118, 10084, 1511])).toBe("linear");
    expect(autoScale([3102, 5_120_331, 0, null])).toBe("log");
    expect(autoScale([1, 999])).toBe("linear");
    expect(autoScale([1, 1000])).toBe("log");
    // Zeros and dead processes (null) do not count: log of 0 would say nothing.
    expect(autoScale([0, 0, null, 50])).toBe("linear");
    expect(autoScale([])).toBe("linear");
  });

  it("puts a tick at 0 and at every power of ten from 10 up to the largest queue", () => {
    expect(logTicks(0)).toEqual([0, 10]);
    expect(logTicks(10)).toEqual([0, 10]);
    expect(logTicks(3102)).toEqual([0, 10, 100, 1000, 10000]);
    expect(logTicks(10000)).toEqual([0, 10, 100, 1000, 10000]);
    expect(logTicks(9_618_520)).toEqual([0, 10, 100, 1000, 1e4, 1e5, 1e6, 1e7]);
  });

  it("labels counts compactly", () => {
    expect(compactCount(0)).toBe("0");
    expect(compactCount(999)).toBe("999");
    expect(compactCount(1000)).toBe("1k");
    expect(compactCount(1500)).toBe("1.5k");
    expect(compactCount(16500)).toBe("16.5k");
    expect(compactCount(17118)).toBe("17.1k");
    expect(compactCount(250_000)).toBe("250k");
    expect(compactCount(5_120_331)).toBe("5.1M");
    expect(compactCount(10_000_000)).toBe("10M");
    expect(compactCount(2e9)).toBe("2G");
  });
});
