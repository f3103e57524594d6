// ## Seeded log generator
//
// Large, realistic console logs for benchmarks and demos: many builds, each
// with CI metadata, a top-10 list, an inspected pid with a 10k+ queue and a
// sample list in the shapes of the seed (old `xmlel` routes, ejabberd ≥ 16
// records, p1_mysql_recv, rex calls with late replies, dead processes,
// unclassifiable noise), Chinese room names and bodies, wrapped like `~p`.
//
// Text comes out one build at a time (a generator), so a 1 GB log never sits
// in memory. Same seed, same text. `onBuild` reports what each build was
// generated to be, so tests can check the classifier against ground truth.

import type { CulpritClass } from "../classify/types";

export type GeneratedBuild = {
  job: string;
  number: number;
  pid: string;
  class: CulpritClass;
  subject: string | null;
  incident: boolean;
  /** When the build started (ISO), as its console says, or null for a build that prints no time (`untimed`). */
  startedAt: string | null;
};

export type GenerateOptions = {
  seed?: number;
  /** Stop after the build that reaches this many UTF-16 units (default 1 MiB). */
  targetSize?: number;
  /** Or stop after this many builds. */
  builds?: number;
  job?: string;
  firstBuild?: number;
  /**
   * Every other build without a time (no timestamper, no `date` line), as a console that prints
   * none: such builds are placed at their upload. Default: every build has one, as the monitor's
   * own consoles do (the seed's `date '+%F %T %z'` line, or Jenkins' timestamper).
   */
  untimed?: boolean;
  /** The first build's start, in ms (default 2015-09-01T00:00Z, the seed's month). */
  start?: number;
  /** From one build's start to the next's, in ms (default 3 minutes, as the seed's monitor ran). */
  intervalMs?: number;
  onBuild?: (build: GeneratedBuild) => void;
};

/** mulberry32: small, fast, good enough for test data (the tests' random logs use it too). */
export function createRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}
export type Random = ReturnType<typeof createRandom>;

const ROOMS = [
  "snh-48#pocket48_76366185259598244",
  "snh-48#pocket48_76366191207121304",
  "tusou001#v40_77605680705438120",
  "星光应援团#fans_1024",
  "运维值班",
  "技术交流群#dev_77",
] as const;
const BODIES = ["冲呀！", "今天的公演太棒了", "谁去现场了？", "晚安～", "puff 应援 🎉", "第一次来这个群", "hello everyone", "部署完成，请检查"];
const MF = [
  ["mnesia_lib", "db_get"],
  ["mnesia", "activity"],
  ["ejabberd_sm", "get_user_resources"],
  ["mod_muc", "room_destroyed"],
] as const;

const HOST = "easemob.com";
const MUC = "conference.easemob.com";
const isAscii = (s: string) => /^[\x20-\x7e]*$/.test(s) && !s.includes('"') && !s.includes("\\");

/** A binary as `~p` prints it: text when printable, `/utf8` (modern) or a byte list wrapped at `indent`. */
function bin(s: string, modern: boolean, indent: number): string {
  if (isAscii(s)) return `<<"${s}">>`;
  if (modern) return `<<"${s}"/utf8>>`;
  const bytes = [...new TextEncoder().encode(s)];
  const rows: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) rows.push(bytes.slice(i, i + 16).join(","));
  return `<<${rows.join(`,\n${" ".repeat(indent + 2)}`)}>>`;
}

const pidText = (r: Random, node = 6562) => `<${node}.${r.int(100, 32767)}.${r.int(0, 6999)}>`;

function jidOld(u: string, server: string, res: string, indent: number): string {
  const pad = " ".repeat(indent);
  return `{jid,${bin(u, false, indent)},<<"${server}">>,<<"${res}">>,\n${pad}    ${bin(u, false, indent + 4)},<<"${server}">>,<<"${res}">>}`;
}

function roomSampleOld(r: Random, room: string): string {
  const user = `${room.split("#")[0] ?? "u"}#u_${r.int(10000, 99999)}`;
  const to = bin(`${room}@${MUC}`, false, 16);
  const kind = r.pick(["iq", "message", "message", "presence"] as const);
  const head = `  {'$gen_event',\n      {route,\n          ${jidOld(user, HOST, "mobile", 10)},\n          <<>>,\n`;
  if (kind === "iq") {
    return `${head}          {xmlel,<<"iq">>,\n              [{<<"id">>,<<"G9sfS-${r.int(100, 999)}">>},\n               {<<"to">>,\n                ${to}},\n               {<<"type">>,<<"get">>}],\n              [{xmlel,<<"query">>,\n                   [{<<"xmlns">>,<<"http://jabber.org/protocol/disco#info">>}],\n                   []}]}}}`;
  }
  if (kind === "presence") {
    return `${head}          {xmlel,<<"presence">>,\n              [{<<"to">>,\n                ${bin(`${room}@${MUC}/nick${r.int(1, 999)}`, false, 16)}}],\n              [{xmlel,<<"x">>,[{<<"xmlns">>,<<"http://jabber.org/protocol/muc">>}],[]}]}}}`;
  }
  return `${head}          {xmlel,<<"message">>,\n              [{<<"id">>,<<"${r.int(1e8, 9e8)}${r.int(1e8, 9e8)}_WX9im-${r.int(100, 999)}">>},\n               {<<"to">>,\n                ${to}},\n               {<<"type">>,<<"groupchat">>}],\n              [{xmlel,<<"body">>,[],\n                   [{xmlcdata,\n                        ${bin(r.pick(BODIES), false, 24)}}]}]}}}`;
}

function roomSampleModern(r: Random, room: string): string {
  const user = `user${r.int(1, 9999)}`;
  const from = `{jid,<<"${user}">>,<<"im.example.cn">>,<<"phone">>,<<"${user}">>,<<"im.example.cn">>,<<"phone">>}`;
  const to = `{jid,${bin(room, true, 0)},<<"conference.im.example.cn">>,<<>>,\n                ${bin(room, true, 0)},<<"conference.im.example.cn">>,<<>>}`;
  const msg = `{message,<<"m${r.int(1, 99999)}">>,groupchat,<<"zh">>,\n           ${from},\n           ${to},\n           [],[{text,<<>>,${bin(r.pick(BODIES), true, 0)}}],undefined,[],#{}}`;
  return r.next() < 0.5 ? `  {'$gen_event',{route,${msg}}}` : `  {route,${msg}}`;
}

function sqlSample(r: Random, conn: string, seq: number): string {
  const row = `\rzhimq#zhimq_2\x1ezhimq#zhimq_${r.int(100000, 399999)}@${HOST}\x00\x01B\x01N\x00\x01N\x00\x04item`;
  const bytes = [...new TextEncoder().encode(row)];
  const rows: string[] = [];
  for (let i = 0; i < bytes.length; i += 15) rows.push(bytes.slice(i, i + 15).join(","));
  return `  {p1_mysql_recv,${conn},data,\n                 <<${rows.join(",\n                   ")}>>,\n                 ${seq}}`;
}

function rexSample(r: Random, mf: readonly [string, string]): string {
  const caller = `<${r.int(7089, 7099)}.${r.int(100, 32767)}.${r.int(0, 6999)}>`;
  const tag = r.next() < 0.5 ? `#Ref<${caller.slice(1, 5)}.0.${r.int(1, 99999)}.${r.int(1, 999999)}>` : `[alias|#Ref<${caller.slice(1, 5)}.${r.int(1, 1e9)}.${r.int(1, 1e9)}.${r.int(1, 99999)}>]`;
  const call = r.next() < 0.7 ? "call" : "block_call";
  return `  {'$gen_call',{${caller},${tag}},\n               {${call},${mf[0]},${mf[1]},\n                     [session_frag${r.int(0, 63)},\n                      {<<"intech#in_${r.int(1e6, 9e6)}">>,<<"${HOST}">>,\n                       <<"mobile">>}],\n                     <7089.3018.0>}}`;
}

const replySample = (r: Random) => `  {${pidText(r, 6555)},{reply,${r.pick(["ok", "[]", "error"])}}}`;
const genCallSample = (r: Random, req: string) => `  {'$gen_call',{${pidText(r)},#Ref<6562.0.${r.int(1, 99)}.${r.int(1, 99999)}>},${req}}`;
const unknownSample = (r: Random) =>
  r.next() < 0.5 ? `  {timeout,#Ref<6562.0.${r.int(1, 9)}.${r.int(10000, 99999)}>,activity_timeout}` : `  {tcp_closed,#Port<6562.${r.int(1000, 99999)}>}`;

/** `[a,\n b,\n c]` as ~p lays a list out, optionally cut the way the monitor cuts it. */
function sampleList(samples: string[], cut: "closed" | "dots" | "mid"): string {
  if (samples.length === 0) return " []";
  const shown = cut === "mid" && samples.length > 1 ? samples.slice(0, -1) : samples;
  let text = ` [${shown.join(",\n").slice(2)}`;
  if (cut === "closed") return `${text}]`;
  text += ",";
  if (cut === "dots") return `${text}\n                   ....`;
  const last = (samples[samples.length - 1] ?? "").split("\n");
  return `${text}\n${last.slice(0, Math.max(1, Math.floor(last.length / 2))).join("\n")}`;
}

type Plan = { class: CulpritClass; subject: string | null; samples: string[]; dead: boolean };

function planBuild(r: Random, pid: string): Plan {
  const roll = r.next();
  const n = r.int(3, 40);
  if (roll < 0.5) {
    const room = r.pick(ROOMS);
    const modern = r.next() < 0.3;
    const samples = Array.from({ length: n }, () => (modern ? roomSampleModern(r, room) : roomSampleOld(r, room)));
    const host = modern ? "conference.im.example.cn" : MUC;
    return { class: "muc_room", subject: `${room}@${host}`, samples, dead: false };
  }
  if (roll < 0.65) {
    const conn = pidText(r);
    // `conn` is the socket reader (p1_mysql_recv) sending to its parent: the inspected pid, the connection, is the subject.
    return { class: "sql", subject: pid, samples: Array.from({ length: n }, (_, i) => sqlSample(r, conn, 26 + i)), dead: false };
  }
  if (roll < 0.77) {
    const main = r.pick(MF);
    const other = r.pick(MF.filter((m) => m !== main));
    const calls = Math.max(3, Math.floor(n / 2));
    const samples: string[] = [];
    for (let i = 0; i < calls; i++) samples.push(rexSample(r, i % 4 === 3 ? other : main));
    for (let i = 0; i < n - calls; i++) samples.splice(r.int(0, samples.length), 0, replySample(r));
    return { class: "rpc", subject: `${main[0]}:${main[1]}`, samples, dead: false };
  }
  if (roll < 0.85) {
    const req = r.pick(["{get_state}", "get_config", "{lookup,<<\"k\">>}"]);
    const shape = req.startsWith("{lookup") ? "lookup" : req;
    return { class: "gen_call", subject: shape, samples: Array.from({ length: n }, () => genCallSample(r, req)), dead: false };
  }
  if (roll < 0.93) return { class: "dead", subject: pid, samples: [], dead: true };
  return { class: "unknown", subject: null, samples: Array.from({ length: n }, () => unknownSample(r)), dead: false };
}

const isoAt = (ms: number) => new Date(ms).toISOString();

/** `2015-09-01 08:00:00 +0800`: what the seed's `date '+%F %T %z'` prints on a CI host in UTC+8. */
function localDate(ms: number): string {
  return `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ")} +0800`;
}

function buildText(r: Random, job: string, number: number, startMs: number, untimed: boolean, onBuild?: (b: GeneratedBuild) => void): string {
  const pid = `<6562.${r.int(100, 32767)}.${r.int(0, 6999)}>`;
  const plan = planBuild(r, pid);
  const healthy = !plan.dead && r.next() < 0.1;
  const queue = healthy ? r.int(5, 99) : r.int(10_000, 60_000);
  // Its time as the console gives it: Jenkins' timestamper on even numbers (its first line 7 ms in),
  // the seed's `date` line, to the second, on odd ones (none when untimed).
  const startedAt = number % 2 === 0 ? isoAt(startMs + 7) : untimed ? null : isoAt(Math.floor(startMs / 1000) * 1000);
  onBuild?.({ job, number, pid, class: plan.class, subject: plan.subject, incident: !healthy, startedAt });

  const url = `http://ci.easemob.com/job/${job}/${number}/`;
  const top: [string, number][] = [[pid, queue]];
  for (let i = 1; i < 10; i++) top.push([pidText(r), i < 3 ? r.int(0, Math.min(queue - 1, 900)) : 0]);
  top.sort((a, b) => b[1] - a[1]);
  const lines: string[] = [
    "Started by timer",
    `Building in workspace /var/lib/jenkins/workspace/${job}`,
    // The builds without the timestamper say when they ran as the seed's monitor does.
    ...(number % 2 === 0 || untimed ? [] : ["+ date '+%F %T %z'", `${localDate(startMs)} monitor: connecting to ejabberd@ebs-ali-beijing-5-pri`]),
    `+ echo JOB_NAME=${job}`,
    `JOB_NAME=${job}`,
    `+ echo BUILD_NUMBER=${number}`,
    `BUILD_NUMBER=${number}`,
    `+ echo BUILD_URL=${url}`,
    `BUILD_URL=${url}`,
    `+ erl -sname monitor_${number} -setcookie ejabberd -hidden -noshell -eval 'c("/opt/ejabberd/monitor.erl"), monitor:longest_mq(), init:stop().'`,
    "processes sorted by queue_len desc:",
    ...top.map(([p, q], i) => `${i === 0 ? " [" : "  "}{${p},{message_queue_len,${q}}}${i === top.length - 1 ? "]" : ","}`),
  ];
  if (plan.dead) lines.push(`  message queue len of pid ${pid} : undefined`);
  else {
    lines.push(`message queue len of pid ${pid} : {message_queue_len,${healthy ? queue : queue + r.int(0, 50)}}`, `message in pid ${pid} :`);
    lines.push(sampleList(plan.samples, r.pick(["closed", "dots", "mid"] as const)));
  }
  lines.push("+ exit 0", "Finished: SUCCESS");
  // Jenkins' timestamper on every other build (the others print the date, unless untimed).
  if (number % 2 === 0) {
    let t = startMs;
    return `${lines
      .join("\n")
      .split("\n")
      .map((l) => `[${isoAt((t += 7))}] ${l}`)
      .join("\n")}\n`;
  }
  return `${lines.join("\n")}\n`;
}

/** Yields the log one build at a time. */
export function* generateLog(options: GenerateOptions = {}): Generator<string> {
  const r = createRandom(options.seed ?? 1);
  const job = options.job ?? "ProductCI_ejabberd_mqueue_random_monitor";
  const target = options.builds === undefined ? (options.targetSize ?? 1 << 20) : Infinity;
  let number = options.firstBuild ?? 30000;
  let start = options.start ?? Date.UTC(2015, 8, 1);
  let size = 0;
  for (let i = 0; size < target && i < (options.builds ?? Infinity); i++) {
    const text = buildText(r, job, number, start, options.untimed ?? false, options.onBuild);
    size += text.length;
    number++;
    start += options.intervalMs ?? 180_000;
    yield text;
  }
}
