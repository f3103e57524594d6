// Cross-check against real Erlang, when it is installed: terms we print are
// read by erl (file:consult, i.e. erl_scan + erl_parse) and printed back with
// ~tw; we parse erl's output and compare. Skips cleanly without `erl`.

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { binaryBytes, parse, print } from "./index";
import { createRandom, randomTerm } from "./testing/random-term";
import type { ErlTerm } from "./types";

const hasErl = spawnSync("erl", ["-version"], { encoding: "utf8" }).error === undefined;
if (!hasErl) console.warn("erlang-crosscheck: skipped, `erl` is not installed (apt-get install erlang-base)");

/** Erlang's view of a term: strings are lists of code points, binaries are bytes. */
function normalize(t: ErlTerm): unknown {
  switch (t.kind) {
    case "string":
      return { list: Array.from(t.value, (c) => String(c.codePointAt(0))) };
    case "list": {
      const items = t.elements.map(normalize);
      if (t.tail === null) return { list: items };
      // [a|[b]] is [a,b] to Erlang.
      const tail = normalize(t.tail) as { list?: unknown[]; improper?: unknown[]; tail?: unknown };
      if (tail.list) return { list: [...items, ...tail.list] };
      if (tail.improper) return { improper: [...items, ...tail.improper], tail: tail.tail };
      return { improper: items, tail };
    }
    case "binary":
      return { bytes: [...(binaryBytes(t) ?? [])] };
    case "tuple":
      return { tuple: t.elements.map(normalize) };
    case "map": {
      // Erlang keeps the last of duplicate keys; our tree keeps what was written.
      const byKey = new Map<string, unknown>();
      for (const e of t.entries) byKey.set(JSON.stringify(normalize(e.key)), normalize(e.value));
      return { map: [...byKey].map(([k, v]) => JSON.stringify([k, v])).sort() };
    }
    case "integer":
      return String(t.value);
    case "float":
      return { float: Object.is(t.value, -0) ? "-0" : t.value };
    case "atom":
      return { atom: t.value };
    default:
      return t.kind;
  }
}

const ESCRIPT = `#!/usr/bin/env escript
main([File]) ->
    io:setopts([{encoding, unicode}]),
    {ok, Terms} = file:consult(File),
    [io:format("~tw~n", [T]) || T <- Terms].
`;

describe.skipIf(!hasErl)("against erl_scan + erl_parse", () => {
  it("erl reads what we print, and we read what erl prints back (300 random terms)", () => {
    const r = createRandom(2025);
    const terms = Array.from({ length: 300 }, () => randomTerm(r, { erlangReadable: true, maxDepth: 4 }));
    const dir = mkdtempSync(join(tmpdir(), "erl-crosscheck-"));
    try {
      const file = join(dir, "terms.txt");
      writeFileSync(file, terms.map((t) => print(t) + ".\n").join(""));
      const script = join(dir, "check.escript");
      writeFileSync(script, ESCRIPT);
      const res = spawnSync("escript", [script, file], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
      expect(res.stderr).toBe("");
      const lines = res.stdout.trimEnd().split("\n");
      expect(lines).toHaveLength(terms.length);
      terms.forEach((t, i) => {
        expect(normalize(parse(lines[i]!))).toEqual(normalize(t));
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
