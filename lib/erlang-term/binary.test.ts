import { describe, expect, it } from "vitest";
import { binaryBytes, binaryText, parse } from "./index";
import type { ErlBinary } from "./types";

const binary = (text: string): ErlBinary => {
  const t = parse(text);
  if (t.kind !== "binary") throw new Error("binary expected");
  return t;
};

const bytes: [string, number[] | null][] = [
  ["<<>>", []],
  ['<<"abc">>', [97, 98, 99]],
  ["<<256,-1>>", [0, 255]],
  ['<<"中"/utf8>>', [228, 184, 173]],
  ['<<"é">>', [233]],
  ['<<"a"/utf16>>', [0, 97]],
  ['<<"a"/utf32>>', [0, 0, 0, 97]],
  ["<<1:4,2:4>>", [0x12]],
  ["<<1:16>>", [0, 1]],
  ["<<1.0:32/float>>", [0x3f, 0x80, 0, 0]],
  ["<<5:3>>", null],
  ["<<1,2,...>>", null],
  ['<<"ab"...>>', null],
];

describe("binaryBytes", () => {
  it.each(bytes)("%s", (text, expected) => {
    const b = binaryBytes(binary(text));
    expect(b === null ? null : [...b]).toEqual(expected);
  });
});

describe("binaryText", () => {
  it.each([
    ['<<"中文"/utf8>>', "中文"],
    ["<<228,184,173,230,150,135>>", "中文"],
    ['<<"snh-48#pocket48">>', "snh-48#pocket48"],
    ["<<13,122,104,105,109,113>>", "\rzhimq"],
    ['<<"中"/utf8,230,150,135>>', "中文"],
    ["<<255>>", null],
    ['<<"é">>', null],
    ["<<5:3>>", null],
    ["<<228,184>>", null],
  ])("%s", (text, expected) => expect(binaryText(binary(text))).toBe(expected));
});
