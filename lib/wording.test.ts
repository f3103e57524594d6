import { describe, expect, test } from "vitest";
import { formatBytes, plural, pluralWord, withArticle } from "./wording";

describe("plural", () => {
  test.each([
    [0, "build", undefined, "0 builds"],
    [1, "build", undefined, "1 build"],
    [2, "build", undefined, "2 builds"],
    [1, "sample", undefined, "1 sample"],
    [12746, "message", undefined, "12,746 messages"],
    [1, "process", "processes", "1 process"],
    [3, "process", "processes", "3 processes"],
  ])("%i %s", (count, singular, pluralForm, expected) => {
    expect(plural(count, singular, pluralForm)).toBe(expected);
  });

  test("pluralWord gives the noun alone, for labels under a number", () => {
    expect(pluralWord(1, "build blocked", "builds blocked")).toBe("build blocked");
    expect(pluralWord(0, "build blocked", "builds blocked")).toBe("builds blocked");
    expect(pluralWord(1, "room")).toBe("room");
    expect(pluralWord(5, "room")).toBe("rooms");
  });
});

describe("withArticle", () => {
  test.each([
    // The kinds the upload refuses (lib/upload/read-request.ts).
    ["ELF executable", "an ELF executable"],
    ["PNG image", "a PNG image"],
    ["JPEG image", "a JPEG image"],
    ["GIF image", "a GIF image"],
    ["PDF document", "a PDF document"],
    ["zip archive", "a zip archive"],
    ["xz archive", "an xz archive"],
    ["bzip2 archive", "a bzip2 archive"],
    ["binary file", "a binary file"],
    // Ordinary words and other initialisms.
    ["archive", "an archive"],
    ["incident", "an incident"],
    ["SQL connection", "an SQL connection"],
    ["rpc call", "an rpc call"],
  ])("%s", (phrase, expected) => {
    expect(withArticle(phrase)).toBe(expected);
  });
});

describe("formatBytes", () => {
  test.each([
    [0, "0 bytes"],
    [1, "1 byte"],
    [59, "59 bytes"],
    [1023, "1,023 bytes"],
    [1024, "1.0 KiB"],
    [1536, "1.5 KiB"],
    [2847, "2.8 KiB"],
    [1024 * 1024 - 1, "1.0 MiB"],
    [512 * 1024 * 1024, "512.0 MiB"],
    [3 * 1024 ** 3, "3.0 GiB"],
  ])("%i", (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });

  test("a size that is not one is a dash", () => {
    expect(formatBytes(Number.NaN)).toBe("—");
    expect(formatBytes(-1)).toBe("—");
  });
});
