// ## recon:proc_count(message_queue_len, N), pasted from a shell
//
// The Erlang shell prints (~p, continuation lines indented):
//
//   (ejabberd@host)1> recon:proc_count(message_queue_len, 3).
//   [{<10038.294.0>,113,
//     [emqttd_sm_16,                          <- the registered name, only when there is one
//      {current_function,{gen_server2,process_next_msg,1}},
//      {initial_call,{proc_lib,init_p,5}}]},
//    ...]
//
// IEx prints the same value in Elixir syntax, often with `[` and `]` alone
// on their lines:
//
//   iex(1)> :recon.proc_count(:message_queue_len, 3)
//   [
//     {#PID<0.2971.0>, 0,
//      [Supavisor.MetricsCleaner, {:current_function, {:gen_server, :loop, 7}}, ...]},
//     ...
//   ]
//
// Lines are collected until the brackets balance, then parsed once with
// `syntax: "auto"`. A section starts at a prompt calling `proc_count`, or at
// a list whose first element is `{Pid, Integer, ...}` (the monitor's own list
// is `{Pid, {message_queue_len, N}}`, so the two are never confused).

import { parseTerm, type ErlTerm } from "../erlang-term";
import { emptyInfo, intFromTerm, mfaText } from "./process-info";
import { addEntry, issueAt, openSection, type Entry, type FormatReader, type LineView, type Section } from "./reader";
import { mayStartWithPrompt, PROMPT_HEAD, promptNode as nodeInPrompt, SHELL_PROMPT } from "./shell-prompt";

/** `{<0.1.0>,12,` / `{#PID<0.1.0>, 12,` at the start of (the rest of) a line. */
const ENTRY_START = /^\s*\{\s*(?:#PID)?<\d+\.\d+\.\d+>\s*,\s*\d+\s*,/;
/** `(node@host)1> recon:proc_count(`, `iex(node@host)2> :recon.proc_count(`, `1> recon:proc_count(`. */
const PROMPT = new RegExp(String.raw`^${PROMPT_HEAD}\d*>\s*:?recon[:.]proc_count\(\s*:?message_queue_len`);
/** Largest term collected (a paste of a whole node's processes is still far below). */
const MAX_CHARS = 8 * 1024 * 1024;

/** Bracket depth change of a line, quote-aware (strings, quoted atoms, `$x`/`?x` characters). */
export function depthDelta(text: string, state: { quote: number }): number {
  let d = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (state.quote !== 0) {
      if (c === 92) i++;
      else if (c === state.quote) state.quote = 0;
    } else if (c === 34 || c === 39) state.quote = c;
    else if (c === 36 || c === 63) i++; // $x, ?x
    else if (c === 91 || c === 123) d++;
    else if (c === 93 || c === 125) d--;
  }
  return d;
}

/** The node a prompt names: `(ejabberd@host)1>`, `iex(ejabberd@host)1>`; a bare `iex(1)>` names none. */
function promptNode(text: string): string | null {
  return nodeInPrompt(PROMPT.exec(text)?.[1]);
}

/** One `{Pid, N, Info}` element → entry. */
function readEntry(t: ErlTerm, line: number): Entry | null {
  if (t.kind !== "tuple" || t.elements.length < 2) return null;
  const [p, n, extra] = t.elements;
  const queueLen = intFromTerm(n);
  if (p?.kind !== "pid" || queueLen === null) return null;
  const info = emptyInfo();
  if (extra?.kind === "list") {
    for (const e of extra.elements) {
      if (e.kind === "atom") info.registeredName = e.value;
      else if (e.kind === "tuple" && e.elements[0]?.kind === "atom") {
        const key = e.elements[0].value;
        if (key === "current_function") info.currentFunction = mfaText(e.elements[1]);
        else if (key === "initial_call") info.initialCall = mfaText(e.elements[1]);
        else if (key === "registered_name" && e.elements[1]?.kind === "atom") info.registeredName = e.elements[1].value;
      }
    }
  }
  return { pid: p.text, queueLen, info, line };
}

export function createReconReader(): FormatReader {
  let section: Section | null = null;
  let parts: string[] = [];
  let size = 0;
  let depth = 0;
  const quote = { quote: 0 };
  /** The last prompt that called proc_count: its node, and whether its output is still to come. */
  let awaiting: { node: string | null } | null = null;
  /** Lines of the term, with their line numbers (for entry lines). */
  let firstLine = 0;
  let lineStarts: number[] = [];
  let started = false;

  function add(l: LineView): void {
    if (!section) return;
    lineStarts.push(size);
    parts.push(l.text, "\n");
    size += l.text.length + 1;
    depth += depthDelta(l.text, quote);
    section.end = l.endOffset;
  }

  /** Line number of an offset in the collected text. */
  function lineOf(offset: number): number {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return firstLine + lo;
  }

  return {
    kind: "recon_proc_count",
    starts(l) {
      const t = l.text;
      // A prompt starts with `(`, `i` (iex) or a digit; the output with `[`.
      if (mayStartWithPrompt(l.first) && t.includes("proc_count") && PROMPT.test(t)) return true;
      if (l.first !== 91) return false;
      const q = t.indexOf("[");
      // `[` alone (IEx) needs the prompt; `[{Pid, N,` is recognised by itself.
      return awaiting !== null || ENTRY_START.test(t.slice(q + 1));
    },
    begin(l) {
      if (PROMPT.test(l.text) && l.text.includes("proc_count")) {
        awaiting = { node: promptNode(l.text) };
        section = null;
        return "done"; // the prompt itself is not part of a snapshot
      }
      section = openSection("recon_proc_count", l, awaiting?.node ?? null);
      awaiting = null;
      parts = [];
      size = 0;
      depth = 0;
      quote.quote = 0;
      firstLine = l.lineNo;
      lineStarts = [];
      started = true;
      add(l);
      return depth <= 0 ? "done" : "take";
    },
    feed(l) {
      if (!section) return "end";
      // A cut paste: a prompt, a blank line or a timestamped log line ends it.
      if (l.text.trim() === "" || SHELL_PROMPT.test(l.text) || size > MAX_CHARS) return "end";
      add(l);
      return depth <= 0 ? "done" : "take";
    },
    close() {
      const s = section;
      section = null;
      if (!s || !started) return null;
      started = false;
      const text = parts.join("");
      parts = [];
      const r = parseTerm(text, { syntax: "auto", tolerant: true, html: false });
      for (const i of r.issues) {
        s.issues.push(issueAt({ lineNo: lineOf(i.offset), offset: s.start + i.offset, prefix: 0 }, i.message.replace(/ at \d+:\d+$/, ""), 1));
      }
      if (r.term?.kind === "list") {
        for (const e of r.term.elements) {
          const entry = readEntry(e, lineOf(e.start));
          if (entry) addEntry(s, entry, s.start + e.start);
        }
      }
      // A lone `[` that was not recon output after all: nothing to report.
      return s.entries.length > 0 ? s : null;
    },
  };
}
