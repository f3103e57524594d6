// ## klarna/system_monitor: the "Suspect Proc" warning
//
//   <ts> [warning] Suspect Proc
//   registered_name=[]                        (an atom when registered)
//   offending_pid=<0.3571.0>
//   initial_call=proc_lib:init_p/5            ({M,F,A} in some versions)
//   memory=29532512
//   message_queue_len=82417
//   stack_size=29
//   heap_size=3581853
//   total_heap_size=3690735
//   current_function=gen:do_call/4
//   current_stack:
//       gen:do_call/4
//       gen_server:call/3
//       ...
//
// `key=value` lines follow the `Suspect Proc` line in any order; the stack
// runs until a blank line, a timestamped line or a line that is neither a
// frame nor a known key.

import { canonicalPid, emptyInfo, intFromText, mfaFromText, nameFromText } from "./process-info";
import { addEntry, hasOwnStamp, issueAt, openSection, type FormatReader, type LineView, type Section } from "./reader";
import type { ProcessInfo } from "./types";

const KEYS = new Set([
  "registered_name", "offending_pid", "initial_call", "memory", "message_queue_len", "stack_size", "heap_size",
  "total_heap_size", "current_function", "reductions", "node",
]);
const KEY_LINE = /^\s*([a-z_]+)\s*=\s*(.*)$/;
/** A stack frame: `gen:do_call/4`, `{gen,do_call,4,[...]}`, `gen_server:call/3 (gen_server.erl:385)`. */
const FRAME = /^\s+(\S.*)$/;

export function createSystemMonitorReader(): FormatReader {
  let section: Section | null = null;
  let fields = new Map<string, string>();
  let stack: string[] | null = null;
  /** The stamps on the warning's first line (hasOwnStamp: a line with as many starts the next). */
  let openStamps = 0;

  function finish(s: Section): Section {
    const pid = canonicalPid(fields.get("offending_pid") ?? "");
    const queueLen = intFromText(fields.get("message_queue_len"));
    if (!pid || queueLen === null) {
      s.issues.push(issueAt({ lineNo: s.line, offset: s.start, prefix: 0 },
        "'Suspect Proc' without offending_pid and message_queue_len"));
      return s;
    }
    const info: ProcessInfo = {
      ...emptyInfo(),
      registeredName: nameFromText(fields.get("registered_name") ?? ""),
      initialCall: mfaFromText(fields.get("initial_call") ?? ""),
      currentFunction: mfaFromText(fields.get("current_function") ?? ""),
      memory: intFromText(fields.get("memory")),
      reductions: intFromText(fields.get("reductions")),
      currentStack: (stack ?? []).map((f) => mfaFromText(f) ?? f),
    };
    s.node = nameFromText(fields.get("node") ?? "");
    addEntry(s, { pid, queueLen, info, line: s.line });
    return s;
  }

  return {
    kind: "system_monitor",
    starts(l) {
      // The line ends with the title, whatever logger prefix comes before it.
      const t = l.text;
      let e = t.length;
      while (e > 0 && (t.charCodeAt(e - 1) === 32 || t.charCodeAt(e - 1) === 9)) e--;
      return e >= 12 && t.charCodeAt(e - 1) === 99 && t.slice(e - 12, e) === "Suspect Proc" && (e === 12 || /\s/.test(t.charAt(e - 13)));
    },
    begin(l: LineView) {
      section = openSection("system_monitor", l);
      openStamps = l.stamps;
      fields = new Map();
      stack = null;
      return "take";
    },
    feed(l) {
      if (!section) return "end";
      if (hasOwnStamp(l, openStamps) || l.text.trim() === "") return "end";
      const kv = KEY_LINE.exec(l.text);
      if (kv && KEYS.has(kv[1] ?? "")) {
        fields.set(kv[1] ?? "", kv[2] ?? "");
        stack = null;
      } else if (/^\s*current_stack\s*:\s*$/.test(l.text)) {
        stack = [];
      } else if (stack !== null && FRAME.test(l.text)) {
        stack.push(l.text.trim());
      } else return "end";
      section.end = l.endOffset;
      return "take";
    },
    close() {
      const s = section;
      section = null;
      return s ? finish(s) : null;
    },
  };
}
