import { describe, expect, test } from "vitest";
import { formatBytes } from "./format";

describe("formatBytes", () => {
  test.each([
    [0, "0 B"],
    [1023, "1023 B"],
    [1024, "1.0 KiB"],
    [2847, "2.8 KiB"],
    [10_188, "9.9 KiB"],
    [10_239, "10 KiB"],
    [1024 * 1024 - 1, "1.0 MiB"],
    [1024 * 1024 * 1.5, "1.5 MiB"],
    [536_870_912, "512 MiB"],
    [3 * 1024 ** 3, "3.0 GiB"],
    [2 * 1024 ** 5, "2048 TiB"],
    [-1, "—"],
    [Number.NaN, "—"],
  ])("%d bytes → %s", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
