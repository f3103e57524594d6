import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ErlangTermError, parse, parseTerm, print, skipTerm } from "./index";
import { escapeHtml } from "./testing/helpers";
import { createRandom, randomTerm, type Random } from "./testing/random-term";

const dir = new URL("./__fixtures__/", import.meta.url);
const fixtures = readdirSync(dir)
  .filter((n) => n.endsWith(".txt") || n.endsWith(".log"))
  .map((n) => readFileSync(new URL(n, dir), "utf8"));

const NASTY = ["<", ">", "<<", ">>", '"', "'", "\\", "$", "#", "{", "}", "[", "]", "|", "...", "....", "&lt;", "&", "\n", "<span>", "=>", ".", "-", "16#", "e", "\u0000", "😀", "\ud800"];

function mutate(r: Random, text: string): string {
  let s = text;
  const steps = 1 + r.int(4);
  for (let i = 0; i < steps; i++) {
    const at = r.int(s.length + 1);
    switch (r.int(6)) {
      case 0: // delete a run
        s = s.slice(0, at) + s.slice(at + 1 + r.int(8));
        break;
      case 1: // insert something syntactic
        s = s.slice(0, at) + r.pick(NASTY) + s.slice(at);
        break;
      case 2: {
        // duplicate a run
        const len = 1 + r.int(20);
        s = s.slice(0, at) + s.slice(at, at + len) + s.slice(at);
        break;
      }
      case 3: {
        // swap two characters
        const b = r.int(s.length + 1);
        const [x, y] = at < b ? [at, b] : [b, at];
        if (y < s.length) s = s.slice(0, x) + s[y] + s.slice(x + 1, y) + s[x] + s.slice(y + 1);
        break;
      }
      case 4: // truncate
        s = s.slice(0, at);
        break;
      default: // random code unit
        s = s.slice(0, at) + String.fromCharCode(r.int(0x3000)) + s.slice(at);
    }
  }
  return s;
}

/** Strict: parses or throws ErlangTermError, nothing else. Tolerant: never throws. */
function check(text: string): void {
  try {
    parse(text);
  } catch (e) {
    if (!(e instanceof ErlangTermError)) throw new Error(`non-ErlangTermError for ${JSON.stringify(text)}: ${String(e)}`);
  }
  for (const html of [false, true] as const) {
    const r = parseTerm(text, { tolerant: true, html });
    if (r.end < 0 || r.end > text.length) throw new Error(`bad end ${r.end} for ${JSON.stringify(text)}`);
  }
  const end = skipTerm(text, 0);
  if (end < -1 || end > text.length) throw new Error(`bad skip end ${end}`);
}

describe("fuzz", () => {
  it("mutated seed fixtures (raw and HTML): 6000 cases", () => {
    const r = createRandom(1234);
    for (let i = 0; i < 6000; i++) {
      const base = r.pick(fixtures);
      check(mutate(r, i % 3 === 0 ? escapeHtml(base) : base));
    }
  });

  it("mutated random terms: 4000 cases", () => {
    const r = createRandom(99);
    for (let i = 0; i < 4000; i++) check(mutate(r, print(randomTerm(r, { maxDepth: 4 }))));
  });

  it("random bytes: 2000 cases", () => {
    const r = createRandom(5);
    for (let i = 0; i < 2000; i++) {
      let s = "";
      const n = r.int(60);
      for (let k = 0; k < n; k++) s += r.chance(0.7) ? r.pick(NASTY) : String.fromCharCode(r.int(128));
      check(s);
    }
  });

  it("tolerant parse and skipTerm agree with strict parse on every valid prefix end", () => {
    const r = createRandom(77);
    for (let i = 0; i < 500; i++) {
      const text = print(randomTerm(r, { maxDepth: 4 })) + "\nnext line";
      const strict = parseTerm(text);
      expect(parseTerm(text, { tolerant: true }).end).toBe(strict.end);
      expect(skipTerm(text)).toBe(strict.end);
    }
  });
});

describe("huge inputs stay linear", () => {
  const MB = 1024 * 1024;

  it("50 MB of valid data on one line", () => {
    const item = '{<6562.25870.402>,{message_queue_len,3102},<<"snh-48#pocket48_51786">>,"x\\ny",16#ff,1.5},';
    const text = "[" + item.repeat(Math.ceil((50 * MB) / item.length)) + "ok]";
    const t = parse(text);
    expect(t.kind === "list" && t.elements.length).toBeGreaterThan(500_000);
    expect(skipTerm(text)).toBe(text.length);
  });

  it("50 MB of junk, several shapes: the one error, quickly", () => {
    const shapes = ["<a", '"', "[\"\\", "&lt;", "<<\"a\" ", "'", "#Ref<", "[<span ", "{a,", "\\x{"];
    for (const shape of shapes) {
      const text = shape.repeat(Math.ceil((50 * MB) / shape.length / 10));
      check(text);
    }
    // 50 MB of random printable junk on one line.
    const r = createRandom(3);
    const chunk = Array.from({ length: 4096 }, () => String.fromCharCode(32 + r.int(95))).join("");
    check(chunk.repeat((50 * MB) / 4096));
    // Junk that only goes wrong at the very end, after a big tree was built.
    const late = "[" + "a,".repeat(MB) + "b c]";
    expect(() => parse(late)).toThrow(ErlangTermError);
    expect(parseTerm(late, { tolerant: true }).issues[0]?.found).toBe("'c'");
  });

  it("a 5 MB string of escapes and adjacent literals", () => {
    const t = parse('"' + "\\n".repeat(2.5 * MB) + '"' + ' "ab"'.repeat(100_000));
    expect(t.kind === "string" && t.value.length).toBe(2.5 * MB + 200_000);
  });
});
