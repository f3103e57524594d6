// ## Classify one monitor run
//
// Runs the rule table (rules.ts) over the inspected process and its samples.
// Pure: same input, same verdict; no I/O.

import { bareJid, hasDisplayControl } from "./jid";
import { RULES } from "./rules";
import { isCutKey, UNREAD_KEY, type Classification, type ClassifyOptions, type Rule } from "./types";
import type { InspectedProcess, SampleInfo, TopEntry } from "../monitor-log/types";
import { pluralWord, withArticle } from "../wording";

/** `3 p1_mysql_recv messages`, `1 late reply`: a count and what a rule calls that many samples. */
const counted = (n: number, rule: { label: string; labelOne?: string }) => `${n} ${pluralWord(n, rule.labelOne ?? rule.label, rule.label)}`;

/** Evidence when every sample went to an ignore rule: `all 2 samples are late replies, which say nothing about why <0.1.0> is stuck`. */
function noneCounted(n: number, ignored: ReadonlyMap<{ label: string; labelOne?: string }, number>, pid: string): string {
  const rules = [...ignored];
  const why = `about why ${pid} is stuck`;
  if (n === 1 && rules[0]) return `the only sample is ${withArticle(rules[0][0].labelOne ?? rules[0][0].label)}, which says nothing ${why}`;
  if (rules.length === 1 && rules[0]) return `all ${n} samples are ${rules[0][0].label}, which say nothing ${why}`;
  return `all ${n} samples are ones no rule counts (${rules.map(([rule, k]) => counted(k, rule)).join(", ")}), which say nothing ${why}`;
}

export const DEFAULT_THRESHOLD = 100;

/**
 * The queue length an incident is judged on: the inspected queue, or for a
 * process that died before the check, its length in the top list.
 */
export function incidentQueueLen({ inspected, top }: { inspected: InspectedProcess | null; top: TopEntry[] }): number | null {
  if (!inspected) return top[0]?.queueLen ?? null;
  if (inspected.queueLen !== null) return inspected.queueLen;
  return top.find((t) => t.pid === inspected.pid)?.queueLen ?? null;
}

/** Is this run an incident? Without an inspected pid, the top of the list decides. */
export function isIncident(args: { inspected: InspectedProcess | null; top: TopEntry[]; threshold?: number }): boolean {
  const q = incidentQueueLen(args);
  return q !== null && q >= (args.threshold ?? DEFAULT_THRESHOLD);
}

type SampleRule = Extract<Rule, { kind: "ignore" | "samples" }>;
/** `order`: the rule's place among the table's per-sample rules (ties go to the earlier row). */
type Tally = { rule: Extract<Rule, { kind: "samples" }>; order: number; count: number; keys: Map<string, number[]> };

/** A rule table split by kind, each part in table order: done once per table, not once per run. */
type Table = { process: Extract<Rule, { kind: "process" }>[]; perSample: SampleRule[] };
const tables = new WeakMap<readonly Rule[], Table>();

function tableOf(rules: readonly Rule[]): Table {
  let table = tables.get(rules);
  if (!table) {
    table = { process: [], perSample: [] };
    for (const rule of rules) {
      if (rule.kind === "process") table.process.push(rule);
      else table.perSample.push(rule);
    }
    tables.set(rules, table);
  }
  return table;
}

/** Most frequent key; ties go to the key seen first. */
function dominant(keys: Map<string, number[]>): [string, number[]] | null {
  let best: [string, number[]] | null = null;
  for (const entry of keys) if (!best || entry[1].length > best[1].length) best = entry;
  return best;
}

/** Verdict for a run; null when the monitor never got to inspect a pid. */
export function classify(args: { inspected: InspectedProcess | null; top: TopEntry[] } & ClassifyOptions): Classification | null {
  const { inspected, top } = args;
  if (!inspected) return null;
  const table = tableOf(args.rules ?? RULES);
  const queueLen = incidentQueueLen({ inspected, top });
  const incident = queueLen !== null && queueLen >= (args.threshold ?? DEFAULT_THRESHOLD);
  const base = { incident, pid: inspected.pid, queueLen };

  for (const rule of table.process) {
    const d = rule.decide({ inspected, top });
    if (d) return verdict(base, { class: rule.class, subject: d.subject, rule: rule.name, evidence: d.evidence, service: d.service ?? false });
  }

  // Each sample goes to the first ignore/samples rule that claims it.
  const perSample = table.perSample;
  const tallies: Tally[] = [];
  /** Ignore rules in the order they first claimed a sample, with their counts. */
  const ignored = new Map<Extract<Rule, { kind: "ignore" }>, number>();
  const unclaimed: SampleInfo[] = [];
  for (const s of inspected.samples) {
    let claimed = false;
    for (let r = 0; r < perSample.length; r++) {
      const rule = perSample[r]!;
      if (rule.kind === "ignore") {
        if (rule.claim(s)) {
          ignored.set(rule, (ignored.get(rule) ?? 0) + 1);
          claimed = true;
          break;
        }
        continue;
      }
      const key = rule.claim(s);
      if (key === null) continue;
      let t: Tally | undefined;
      for (const x of tallies) if (x.rule === rule) t = x;
      if (!t) tallies.push((t = { rule, order: r, count: 0, keys: new Map() }));
      t.count++;
      const list = t.keys.get(key);
      if (list) list.push(s.index);
      else t.keys.set(key, [s.index]);
      claimed = true;
      break;
    }
    if (!claimed) unclaimed.push(s);
  }

  const votes = inspected.samples.length - [...ignored.values()].reduce((a, b) => a + b, 0);
  const ignoredNote = [...ignored].map(([rule, n]) => `not counted: ${counted(n, rule)}`);
  // Samples cut before they say which rule's they are (UNREAD_KEY) count only when no sample of any
  // rule says more: a rex backlog under a shallow `~P` is mostly `{'$gen_call',{...},...}`, and
  // those made it a gen_call one (a domain review, 2026-12-07, on a real node).
  const unread = (t: Tally) => t.keys.get(UNREAD_KEY)?.length ?? 0;
  const anyRead = tallies.some((t) => t.count > unread(t));
  const weight = (t: Tally) => (anyRead ? t.count - unread(t) : t.count);
  tallies.sort((a, b) => weight(b) - weight(a) || a.order - b.order);
  const winner = tallies[0];
  const cutNote = inspected.samplesCut
    ? [`the message list was cut after ${inspected.samples.length} ${pluralWord(inspected.samples.length, "sample")}`]
    : [];

  // Stanzas whose destination the log cut (`~P 20`: `{jid,<<"devops">>,<<"Conference.IM.ex"...>>,…}`),
  // no rule's: when they outnumber what the winning rule counted, its few samples do not decide (one
  // get_config call among 18 such stanzas made a room's backlog gen_call: a domain review, 2026-12-07).
  const unreadStanzas = winner && winner.rule.class !== "muc_room" ? unclaimed.filter(cutStanza).length : 0;
  if (winner && weight(winner) < unreadStanzas) {
    return verdict(base, {
      class: "unknown",
      subject: null,
      rule: "no-rule-matched",
      evidence: [
        `${unreadStanzas} of ${votes} samples are stanzas whose destination the log cut: which room or user ${unreadStanzas === 1 ? "it goes" : "they go"} to is not known`,
        ...tallies.map((t) => `${counted(t.count, t.rule)} (rule ${t.rule.name}): fewer, too few to decide`),
        ...(unclaimed.length > unreadStanzas ? [`${unclaimed.length - unreadStanzas} other ${pluralWord(unclaimed.length - unreadStanzas, "sample")} matched no rule`] : []),
        ...ignoredNote,
        ...cutNote,
      ],
      sampleIndexes: inspected.samples.map((s) => s.index),
    });
  }

  if (!winner) {
    return verdict(base, {
      class: "unknown",
      subject: null,
      rule: "no-rule-matched",
      evidence: [
        inspected.fetchError
          ? `the monitor could not fetch the messages of ${inspected.pid}: ${inspected.fetchError}${/timeout/.test(inspected.fetchError) ? " (the call timed out: a mailbox that large takes long to copy)" : ""}`
          : inspected.samples.length === 0
          ? `no messages were printed for ${inspected.pid}`
          : votes === 0
          ? // Every sample is one the rules leave out (ejabberd 2880: a mailbox of late `{Ref, false}` replies).
            noneCounted(inspected.samples.length, ignored, inspected.pid)
          : `none of ${votes} ${pluralWord(votes, "sample")} matched a rule (kinds: ${[...new Set(inspected.samples.map((s) => s.kind))].join(", ")})`,
        ...stanzasNote(inspected.samples),
        ...(votes === 0 ? [] : ignoredNote),
        ...cutNote,
      ],
      sampleIndexes: inspected.samples.map((s) => s.index),
    });
  }

  // Whole keys name the subject; keys the log cut (isCutKey: a room whose name `~P` cut) only count.
  const whole = new Map([...winner.keys].filter(([k]) => !isCutKey(k)));
  const wholeCount = [...whole.values()].reduce((n, list) => n + list.length, 0);
  const cutCount = winner.count - wholeCount;
  const rule = winner.rule;
  const keyText = rule.keyText ?? ((k: string) => k);
  // A room is named only on evidence: the whole keys are most of what the rule counted, or at least
  // three of them, all one room. One room's name left whole among 18 cut (20 rooms, `~P 40`) named
  // that room (a review, 2026-12-07: "one room must hold more than half of them").
  const trusted = whole.size > 0 && (!rule.spread || wholeCount * 2 > winner.count || (whole.size === 1 && wholeCount >= 3));
  if (!trusted) return cutVerdict(base, inspected.pid, winner, votes, rest());
  const [key, indexes] = dominant(whole) ?? ["?", []];
  const share = shareText(rule, winner.count, votes);
  function rest(): string[] {
    return [
      ...tallies
        .slice(1)
        .map((t) => (weight(t) === 0 ? `${counted(t.count, t.rule)} cut before what they ask (not counted; rule ${t.rule.name})` : `${counted(t.count, t.rule)} (rule ${t.rule.name})`)),
      ...(unclaimed.length > 0 ? [unmatchedText()] : []),
      ...ignoredNote,
      ...cutNote,
    ];
  }
  /**
   * `1 sample matched no rule (the log cut it)`: a sample the log cut (the seed's 25877, cut before
   * its `to`; `~P`) may be one a rule would have read whole (an operator's review: "matched no rule"
   * alone blamed the rules).
   */
  function unmatchedText(): string {
    const cut = unclaimed.filter((s) => s.truncated).length;
    const n = unclaimed.length;
    const text = `${n} ${pluralWord(n, "sample")} matched no rule`;
    if (cut === 0) return text;
    return `${text} (${cut === n ? (n === 1 ? "the log cut it" : "the log cut them") : `the log cut ${cut} of them`})`;
  }
  const cutMore = cutCount > 0 ? [`${cutCount} more with ${rule.cutText ?? "what they name"} cut by the log`] : [];
  const spread = rule.spread && indexes.length * 2 <= wholeCount ? rule.spread(whole, wholeCount) : null;
  if (spread) {
    return verdict(base, {
      class: rule.class,
      subject: spread.subject,
      rule: spread.rule,
      evidence: [share, ...spread.evidence, ...cutMore, ...rest()],
      service: spread.service,
      sampleIndexes: [...winner.keys.values()].flat().sort((a, b) => a - b),
    });
  }
  const subject = rule.subject ? rule.subject({ inspected, top }, key) : key;
  const evidence = [
    share,
    whole.size > 1
      ? `${indexes.length} of ${wholeCount} ${indexes.length === 1 ? "is" : "are"} ${keyText(key)} (${whole.size} distinct subjects)`
      : cutCount === 0
        ? `${winner.count === 1 ? "that one" : "all of them"}: ${keyText(key)}`
        : `${wholeCount === 1 ? "the one the log left whole" : `all ${wholeCount} the log left whole`}: ${keyText(key)}`,
    ...cutMore,
    ...rest(),
    ...replacedNote(subject, inspected, indexes),
  ];
  return verdict(base, {
    class: rule.class,
    subject,
    rule: rule.name,
    evidence,
    room: rule.class === "muc_room" ? bareJid(subject) : null,
    sampleIndexes: indexes,
  });
}

/**
 * Where the stanzas of a mailbox no rule explains go, when they go somewhere other than a room: a
 * client's session flooded by a busy room (`{route, #message{from = room/nick, to = user}}`, the most
 * common large queue since ejabberd 17, a domain review found) said "none matched" and nothing more.
 */
function stanzasNote(samples: readonly SampleInfo[]): string[] {
  const to = new Map<string, number>();
  const from = new Map<string, number>();
  let n = 0;
  for (const s of samples) {
    if (s.stanza === null || s.destination === null) continue;
    n++;
    to.set(s.destination, (to.get(s.destination) ?? 0) + 1);
    if (s.sender !== null) from.set(s.sender, (from.get(s.sender) ?? 0) + 1);
  }
  if (n === 0) return [];
  const most = (counts: Map<string, number>) => [...counts].reduce<[string, number] | null>((best, entry) => (best === null || entry[1] > best[1] ? entry : best), null);
  const [dest, k] = most(to)!;
  const sender = most(from);
  const fromText = sender ? `, ${sender[1] === n ? "all" : `${sender[1]}`} from ${sender[0]}` : "";
  return [`${n} ${n === 1 ? "is a stanza" : "are stanzas"}, ${k === n ? (n === 1 ? "to" : "all to") : `${k} to`} ${dest}${fromText}: not a conference room (a user's session, or a server's)`];
}

/** Whether a sample is a stanza (message, iq, presence) the log cut, its destination unread. */
function cutStanza(sample: SampleInfo): boolean {
  return sample.stanza !== null && sample.destination === null && sample.truncated;
}

/** `2 of 3 counted samples are stanzas…`; `1 of 3 counted samples is a stanza…`. */
function shareText(rule: { label: string; labelOne?: string }, n: number, votes: number): string {
  return n === 1 ? `1 of ${votes} counted ${pluralWord(votes, "sample")} is ${withArticle(rule.labelOne ?? rule.label)}` : `${n} of ${votes} counted samples are ${rule.label}`;
}

/**
 * The verdict of a rule whose every sample the log cut where it names the subject (`~P` at a
 * shallow depth): the rule's class, with what is left of the subject (`…@conference.example.org`:
 * the host, the room's name cut; `mnesia_lib:…`) or none, and never a room.
 */
function cutVerdict(
  base: { incident: boolean; pid: string; queueLen: number | null },
  pid: string,
  winner: Tally,
  votes: number,
  rest: string[],
): Classification {
  const rule = winner.rule;
  const cut = new Map([...winner.keys].filter(([k]) => isCutKey(k)));
  const partials = new Map([...cut].filter(([k]) => k !== UNREAD_KEY));
  const [key] = dominant(partials.size > 0 ? partials : cut) ?? [UNREAD_KEY, []];
  const partial = key.slice(UNREAD_KEY.length);
  const subject = partial === "" ? null : rule.cutSubject ? rule.cutSubject(partial) : partial;
  const n = winner.count;
  const cutN = [...cut.values()].reduce((sum, list) => sum + list.length, 0);
  const inN = cutN === n ? (n === 1 ? "it" : `all ${n}`) : `${cutN} of ${n}`;
  // Whole keys too few to go by (see `trusted`): said, not taken.
  const whole = [...winner.keys].filter(([k]) => !isCutKey(k));
  const wholeNote =
    whole.length === 0
      ? []
      : [
          `${n - cutN === 1 ? "the one left whole names" : `the ${n - cutN} left whole name`} ${whole.length === 1 ? whole[0]![0] : `${whole.length} different ones`}: too few to go by`,
        ];
  return verdict(base, {
    class: rule.class,
    subject,
    rule: rule.name,
    evidence: [
      shareText(rule, n, votes),
      subject === null
        ? `the log cut ${rule.cutText ?? "what they name"} in ${inN}${partial !== "" ? ` (${partial})` : ""}: not known; the process is ${pid}`
        : `the log cut ${rule.cutText ?? "what they name"} in ${inN}: ${subject} is what is left`,
      ...wholeNote,
      ...rest,
    ],
    room: null,
    sampleIndexes: [...winner.keys.values()].flat().sort((a, b) => a - b),
  });
}

/**
 * Why the subject shows U+FFFD: a text-direction control in the samples' destination (which
 * foldJidPart never lets reorder the text), or bytes the log held that are not UTF-8.
 */
function replacedNote(subject: string, inspected: InspectedProcess, indexes: readonly number[]): string[] {
  if (!subject.includes("\uFFFD")) return [];
  const chosen = new Set(indexes);
  // The bare JID's part of each destination: a control in the occupant's nick (`/…`) is not in the subject.
  const bares = inspected.samples.filter((s) => chosen.has(s.index) && s.destination !== null).map((s) => s.destination!.split("/")[0]!);
  const controls = bares.some(hasDisplayControl);
  const bytes = bares.some((bare) => bare.includes("\uFFFD")) || !controls;
  return [
    ...(controls ? [`${subject} held text-direction controls (shown as \uFFFD, the samples show them as \\x{202e} and the like): no XMPP server accepts them in a JID`] : []),
    ...(bytes ? [`${subject} holds bytes that are not UTF-8 (shown as \uFFFD): the console that printed it was not UTF-8 (Latin-1?)`] : []),
  ];
}

/**
 * A verdict, its fields in the order `{ ...base, class, subject, rule, evidence, … }` gave them (what
 * a JSON of it shows), written one by one: a spread followed by keys the spread object lacks cost V8
 * several µs per object (a new hidden class each time), ~30 ms of a 100 MB upload's request thread.
 */
function verdict(
  base: { incident: boolean; pid: string; queueLen: number | null },
  v: Pick<Classification, "class" | "subject" | "rule" | "evidence"> & Partial<Pick<Classification, "room" | "service" | "sampleIndexes">>,
): Classification {
  return {
    incident: base.incident,
    pid: base.pid,
    queueLen: base.queueLen,
    room: v.room ?? null,
    service: v.service ?? false,
    sampleIndexes: v.sampleIndexes ?? [],
    class: v.class,
    subject: v.subject,
    rule: v.rule,
    evidence: v.evidence,
  };
}

/** `classify` for a scanned run: `classifyRun(run, { threshold })`. */
export function classifyRun(run: { inspected: InspectedProcess | null; top: TopEntry[] }, options: ClassifyOptions = {}): Classification | null {
  return classify({ inspected: run.inspected, top: run.top, ...options });
}
