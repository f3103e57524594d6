import { describe, expect, test } from "vitest";
import { createUtf8Check } from "./utf8-check";

/** `bytes` fed in pieces cut at `cuts`: what the check says after the last one. */
function checkIn(bytes: Uint8Array, cuts: number[]): boolean {
  const check = createUtf8Check();
  let at = 0;
  let valid = true;
  for (const cut of [...cuts, bytes.length]) {
    valid = check(bytes.subarray(at, cut));
    at = cut;
  }
  return valid;
}

describe("createUtf8Check", () => {
  const text = Buffer.from("room 运维#群聊 😀 caf\u00e9 \uFFFD end", "utf8");

  test("UTF-8 cut anywhere, inside a character of two, three or four bytes: UTF-8 (a U+FFFD written in it too)", () => {
    for (let a = 0; a <= text.length; a++) {
      for (let b = a; b <= text.length; b += 3) expect(checkIn(text, [a, b]), `${a},${b}`).toBe(true);
    }
  });

  test("bytes that are not UTF-8, wherever they fall: not UTF-8, and stays so", () => {
    // 运维 in GBK.
    const gbk = Buffer.concat([Buffer.from("room "), Buffer.from([0xd4, 0xcb, 0xce, 0xac]), Buffer.from(" end")]);
    for (let a = 0; a <= gbk.length; a++) expect(checkIn(gbk, [a]), String(a)).toBe(false);
    const check = createUtf8Check();
    expect(check(Buffer.from([0xff]))).toBe(false);
    expect(check(Buffer.from("fine"))).toBe(false);
    // A character whose bytes never come whole (the stream's next chunk is no continuation).
    expect(checkIn(Buffer.concat([Buffer.from("a"), Buffer.from("运").subarray(0, 2), Buffer.from("b")]), [3])).toBe(false);
  });
});
