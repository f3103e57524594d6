// ## Seeded random terms
//
// Shared by the round-trip tests, the fuzz test and the benchmark. No
// packages: a small PRNG (mulberry32) so a failing case can be replayed from
// its seed. Every generated term can be printed and parsed back unchanged;
// spans are all {0,0} (compare with `withoutSpans`).

import { binaryFromSegments } from "../binary";
import { printAtom } from "../printer";
import type { BinSegment, ErlTerm, Span } from "../types";

export type Random = {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
};

/** mulberry32: tiny, fast, good enough for test data; same seed, same sequence. */
export function createRandom(seed: number): Random {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => items[int(items.length)]!,
    chance: (p: number): boolean => next() < p,
  };
}

export type RandomTermOptions = {
  /** Deepest container nesting (default 5). */
  maxDepth?: number;
  /** Most elements per container (default 6). */
  maxWidth?: number;
  /**
   * Only what erl_parse:parse_term can read back (no pids, refs, funs,
   * ports, records or `...`; binaries as bytes or latin1 text).
   */
  erlangReadable?: boolean;
};

const NO_SPAN: Span = { start: 0, end: 0 };
const span = (): Span => ({ start: 0, end: 0 });

const ATOMS = [
  "ok", "error", "undefined", "message_queue_len", "route", "xmlel", "jid", "$gen_call", "$gen_event",
  "/=", "_", "mod_muc_room_sup_livechat.example.org", "Abc", "a b", "it's", "back\\slash", "fun", "end",
  "", "node@host", "é", "中文", "new\nline", "p1_mysql_recv", "session_frag29",
];

const CHAR_POOLS = [
  "abcdefghijklmnopqrstuvwxyz0123456789 ",
  "#@._-/:<>&;=",
  "\"\\'\n\t\r\u0000\u001b\u007f",
  "éàüßÿ\u00a0\u00a9",
  "中文群聊天室",
  "😀🎉",
];

function randomString(r: Random, maxLen: number, latin1: boolean): string {
  const n = r.int(maxLen + 1);
  let s = "";
  const pools = latin1 ? CHAR_POOLS.slice(0, 4) : CHAR_POOLS;
  for (let i = 0; i < n; i++) {
    const pool = r.pick(pools);
    const chars = Array.from(pool);
    s += r.pick(chars);
  }
  return s;
}

function randomInteger(r: Random): bigint {
  switch (r.int(5)) {
    case 0:
      return BigInt(r.int(256));
    case 1:
      return BigInt(r.int(1_000_000)) - 500_000n;
    case 2:
      return BigInt(Number.MAX_SAFE_INTEGER) + BigInt(r.int(1000));
    case 3: {
      let n = 1n;
      const digits = 10 + r.int(40);
      for (let i = 0; i < digits; i++) n = n * 10n + BigInt(r.int(10));
      return r.chance(0.5) ? -n : n;
    }
    default:
      return BigInt(r.int(10));
  }
}

function randomFloat(r: Random): number {
  switch (r.int(4)) {
    case 0:
      return r.int(1000) / 8;
    case 1:
      return (r.next() - 0.5) * 10 ** (r.int(40) - 20);
    case 2:
      return r.pick([0, -0, 1e-5, 1e20, 1.5e300, 5e-324, 0.1, 123456789.125]);
    default:
      return -r.next() * 1e6;
  }
}

function randomBinary(r: Random, readable: boolean): ErlTerm {
  const segments: BinSegment[] = [];
  const n = r.int(5);
  let bits = 0;
  for (let i = 0; i < n; i++) {
    const k = r.int(readable ? 2 : 4);
    if (k === 0) segments.push({ kind: "string", value: randomString(r, 12, true).replace(/[^\u0000-\u00ff]/g, "x"), encoding: "latin1", ...span() });
    else if (k === 1) segments.push({ kind: "integer", value: BigInt(r.int(256)), size: null, ...span() });
    else if (k === 2) segments.push({ kind: "string", value: randomString(r, 8, false), encoding: "utf8", ...span() });
    else {
      const size = 1 + r.int(7);
      bits += size;
      segments.push({ kind: "integer", value: BigInt(r.int(1 << size)), size, ...span() });
    }
  }
  void bits;
  if (!readable && r.chance(0.1)) segments.push({ kind: "truncated", ...span() });
  const { start, end } = span();
  return binaryFromSegments(segments, start, end);
}

/** A random term; deterministic for a given Random state. */
export function randomTerm(r: Random, options: RandomTermOptions = {}, depth = 0): ErlTerm {
  const maxDepth = options.maxDepth ?? 5;
  const maxWidth = options.maxWidth ?? 6;
  const readable = options.erlangReadable ?? false;
  const leafOnly = depth >= maxDepth;
  const kinds = readable
    ? ["atom", "integer", "float", "string", "binary", "tuple", "list", "map"]
    : ["atom", "integer", "float", "string", "binary", "pid", "ref", "fun", "port", "truncated", "tuple", "list", "map", "record"];
  const containers = new Set(["tuple", "list", "map", "record"]);
  let kind = r.pick(kinds);
  while (leafOnly && containers.has(kind)) kind = r.pick(kinds);
  const child = (): ErlTerm => randomTerm(r, options, depth + 1);
  const width = (): number => r.int(maxWidth + 1);

  switch (kind) {
    case "atom":
      return { kind: "atom", value: r.chance(0.8) ? r.pick(ATOMS) : randomString(r, 6, false), ...span() };
    case "integer":
      return { kind: "integer", value: randomInteger(r), ...span() };
    case "float":
      return { kind: "float", value: randomFloat(r), ...span() };
    case "string":
      return { kind: "string", value: randomString(r, 20, readable), ...span() };
    case "binary":
      return randomBinary(r, readable);
    case "pid": {
      const [node, id, serial] = [r.int(8000), r.int(40000), r.int(9000)];
      return { kind: "pid", node, id, serial, text: `<${node}.${id}.${serial}>`, ...span() };
    }
    case "ref":
      return { kind: "ref", text: `#Ref<${r.int(9000)}.${r.int(9)}.${r.int(99999)}.${r.int(999999)}>`, ...span() };
    case "fun":
      return {
        kind: "fun",
        text: r.chance(0.5) ? `#Fun<${r.pick(["mnesia.select.2", "erl_eval.6.12345"])}>` : `fun ${printAtom(r.pick(ATOMS))}:${printAtom(r.pick(ATOMS))}/${r.int(5)}`,
        ...span(),
      };
    case "port":
      return { kind: "port", text: `#Port<0.${r.int(999)}>`, ...span() };
    case "truncated":
      return { kind: "truncated", ...span() };
    case "tuple":
      return { kind: "tuple", elements: Array.from({ length: width() }, child), ...span() };
    case "list": {
      const elements = Array.from({ length: width() }, child);
      let tail: ErlTerm | null = null;
      if (elements.length > 0 && r.chance(0.2)) tail = !readable && r.chance(0.5) ? { kind: "truncated", ...span() } : child();
      return { kind: "list", elements, tail, ...span() };
    }
    case "map": {
      const entries = Array.from({ length: width() }, () => ({ key: child(), value: child() }));
      if (!readable && r.chance(0.2)) {
        const cut: ErlTerm = { kind: "truncated", ...span() };
        entries.push({ key: cut, value: cut });
      }
      return { kind: "map", entries, ...span() };
    }
    default:
      return {
        kind: "record",
        name: r.pick(ATOMS),
        fields: Array.from({ length: width() }, () => ({ name: r.pick(ATOMS), value: child() })),
        ...span(),
      };
  }
}

/** The `'$gen_event'` route message of the seed's 25877 sample, with varying ids; used by the benchmark. */
export function routeMessage(r: Random, i: number): string {
  const user = `snh-48#pocket48_${50000 + r.int(50000)}`;
  const room = r.chance(0.1) ? `群聊${i}` : `${76366191207121304 + i}`;
  const id = `G9sfS-${i}`;
  return `{'$gen_event',
      {route,
          {jid,<<"${user}">>,<<"easemob.com">>,<<"mobile">>,
              <<"${user}">>,<<"easemob.com">>,<<"mobile">>},
          <<>>,
          {xmlel,<<"iq">>,
              [{<<"id">>,<<"${id}">>},
               {<<"to">>,
                <<"snh-48#pocket48_${room}@conference.easemob.com"/utf8>>},
               {<<"type">>,<<"get">>}],
              [{xmlel,<<"query">>,
                   [{<<"xmlns">>,<<"http://jabber.org/protocol/disco#info">>}],
                   []}]}}}`;
}

export { NO_SPAN };
