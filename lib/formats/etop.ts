// ## etop's text output
//
//   ========================================================================================
//    'ejabberd@im-1'                                                          22:55:00
//    Load:  cpu         3               Memory:  total     8123456    binary     123456
//           procs   12034                        processes 4123456    code        34567
//           runq        0                        atom        45678    ets        123456
//
//   Pid            Name or Initial Func    Time    Reds  Memory    MsgQ Current Function
//   ----------------------------------------------------------------------------------------
//   <0.123.0>      mod_muc_room:init/1      '-'   12345    4984    1204 gen:do_call/4
//   <0.456.0>      rex                      '-'    2345   21432      17 gen_server:loop/7
//   <0.7731.3>     mod_muc_room:init/1      '-'**************** 1100000 mod_muc_room:process
//   ========================================================================================
//
// etop_txt.erl prints a row with fixed fields, not separated words:
// `~-15w~-20s~8w~8w~8w~8w ~-20s` (Pid, Name, Time, Reds, Memory, MsgQ,
// Current Function). A value wider than its `~Nw` field prints as N stars
// (`********`), and nothing separates the right-aligned numbers: an 8-digit
// value touches its neighbour (`1234567887654321`). So a row is read by
// columns. Newer OTP widens Name, Reds, Memory and MsgQ to fit (and puts a
// space after Reds and Memory); its header's labels still end where their
// fields end, so the columns are taken from the header when it agrees with
// that layout, else from the format above. A row that does not read by
// columns (text typed or re-aligned by hand) is read as words, as before.
//
// `~-20s` cuts Name (and Current Function) to the field: `xmpp_stream_in:init/1`
// prints as `xmpp_stream_in:init/`. A Name that fills its field and holds `:`
// is a cut initial call (`ProcessInfo.initialCallCut`), not a registered name;
// a Current Function of 20 characters with no arity at its end was cut too
// (`gen_fsm:sync_send_ev`: `ProcessInfo.currentFunctionCut`).
//
// A screen printed into a remote shell comes out behind the shell's prompt,
// on each line (`(emq@prod-mb-1)2> <0.1729.0>     emqttd_client:init/1 …`):
// every line is read without the prompts it starts with (shell-prompt.ts,
// as recon's reader knows them), so its columns are where etop put them.
//
// The second column is the registered name when there is one, else the
// initial call (`M:F/A`). A screen's rows are ranked again by MsgQ (etop
// sorts by whatever `sort` said). The node comes from the line after the
// top rule, when the screen was kept whole.

import { MAX_LIST_ENTRIES } from "../monitor-log/extract";
import { canonicalPid, emptyInfo, intFromText, nameFromText } from "./process-info";
import { issueAt, openSection, type Entry, type FormatReader, type LineView, type Section } from "./reader";
import { withoutPrompts } from "./shell-prompt";

/** Current Function's field, `~-20s`: the column ends the line, so only its length tells a cut. */
const CURRENT_WIDTH = 20;
const RULE = /^\s*={20,}\s*$/;
const DASHES = /^\s*-{20,}\s*$/;
const HEADER = /^\s*Pid\s+Name or Initial Func\s+Time\s+Reds\s+Memory\s+MsgQ\s+Current Function\s*$/;
/**
 * What Time holds: etop's `'-'` (or a number), also as typesetting leaves it: a page or a word
 * processor turns its quotes typographic (`‘-‘`, `‘-’`) and its dash into another (`–`). The
 * column is not read; it only has to be there, so that a row shifted by hand is not read by columns.
 */
const TIME = String.raw`(?:['‘’‚‛′´\`][-‐‑‒–—−]['‘’‚‛′´\`]|[-‐‑‒–—−]|\d+)`;
const TIME_FIELD = new RegExp(String.raw`^ *(?:${TIME}|\*+)$`);
/** A row as words: text typed by hand, or re-aligned (what the reader read before columns). */
const ROW = new RegExp(String.raw`^\s*(<\d+\.\d+\.\d+>)\s+(\S+)\s+${TIME}\s+(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s*$`);
/** A line that is meant as a row: a pid, or the 15 stars etop prints for one too wide (`~-15w`). */
const ROWISH = /^\s*(?:<\d|\*{15})/;
/** ` 'ejabberd@im-1'      22:55:00` or `nodename@host  load: ...`: the node line of the header. */
const NODE_LINE = /^\s*('[^']+'|[^\s@']+@[^\s']+)/;

/**
 * Where a row's fields are, as offsets into the line's text: each field is `[start, end)`;
 * the numbers are right-aligned (they end at their field's end), Pid and Name left-aligned.
 */
type Columns = { pid: number; name: number; time: number; reds: number; memory: number; msgq: number; msgqEnd: number; current: number };

/** etop_txt's `~-15w~-20s~8w~8w~8w~8w ~-20s`, from `at` (the header's `Pid`). */
function defaultColumns(at: number): Columns {
  return { pid: at, name: at + 15, time: at + 35, reds: at + 43, memory: at + 51, msgq: at + 59, msgqEnd: at + 67, current: at + 68 };
}

/**
 * The columns the header's labels mark: `Name or Initial Func` starts the Name field, `Time`,
 * `Reds`, `Memory` and `MsgQ` end theirs (Time is 8 wide), `Current Function` starts its own.
 * Null unless they agree with etop's layout (Pid 15 wide, Name at least 20, the numbers at
 * least 8, one space before Current Function).
 */
function headerColumns(text: string): Columns | null {
  const pid = text.indexOf("Pid");
  const name = text.indexOf("Name or Initial Func");
  const timeEnd = text.indexOf("Time", name) + 4;
  const redsEnd = text.indexOf("Reds", timeEnd) + 4;
  const memoryEnd = text.indexOf("Memory", redsEnd) + 6;
  const msgqEnd = text.indexOf("MsgQ", memoryEnd) + 4;
  const current = text.indexOf("Current Function", msgqEnd);
  const c: Columns = { pid, name, time: timeEnd - 8, reds: timeEnd, memory: redsEnd, msgq: memoryEnd, msgqEnd, current };
  const agrees = name - pid === 15 && c.time - name >= 20 && redsEnd - timeEnd >= 8 && memoryEnd - redsEnd >= 8 && msgqEnd - memoryEnd >= 8 && current === msgqEnd + 1;
  return agrees ? c : null;
}

/** A right-aligned number field: its digits, its stars (the value was wider), or null when it is neither. */
function numberField(text: string, start: number, end: number): { digits: string } | { stars: number } | null {
  const f = text.slice(start, end);
  if (f.length !== end - start || f.endsWith(" ")) return null;
  const v = f.trimStart();
  if (/^\d+$/.test(v)) return { digits: v };
  if (/^\*+$/.test(v)) return { stars: v.length };
  return null;
}

/** A row's fields; `msgqStars`: MsgQ was printed as that many stars (then `queueLen` is the least it could be). */
type Row = { ok: true; pid: string; name: string; reds: number | null; memory: number | null; queueLen: number; msgqStars: number; current: string };
type RowRead = Row | { ok: false; column: number; message: string };

/** A row read by etop's columns; on failure, the first field that did not read (0-based column). */
function readColumns(text: string, c: Columns): RowRead {
  const bad = (start: number, end: number, what: string): RowRead => ({
    ok: false,
    column: start,
    message: `${what} (columns ${start + 1}-${end}) holds \`${text.slice(start, end).trim()}\``,
  });
  const pidField = text.slice(c.pid, c.name);
  if (c.pid > 0 && text.slice(0, c.pid).trim() !== "") return bad(0, c.pid, "the text before Pid");
  const pid = /^(<\d+\.\d+\.\d+>) *$/.exec(pidField)?.[1];
  if (!pid || pidField.length !== c.name - c.pid) return bad(c.pid, c.name, "Pid");
  const nameField = text.slice(c.name, c.time);
  if (nameField.length !== c.time - c.name || nameField.startsWith(" ") || nameField.trim() === "") return bad(c.name, c.time, "Name");
  const time = text.slice(c.time, c.reds);
  if (time.length !== 8 || !TIME_FIELD.test(time)) return bad(c.time, c.reds, "Time");
  const reds = numberField(text, c.reds, c.memory);
  if (!reds) return bad(c.reds, c.memory, "Reds");
  const memory = numberField(text, c.memory, c.msgq);
  if (!memory) return bad(c.memory, c.msgq, "Memory");
  const msgq = numberField(text, c.msgq, c.msgqEnd);
  if (!msgq) return bad(c.msgq, c.msgqEnd, "MsgQ");
  const current = text.slice(c.current).trim();
  if (text.charAt(c.msgqEnd) !== " " || current === "" || text.slice(c.msgqEnd, c.current).trim() !== "") return bad(c.msgqEnd, Math.max(text.length, c.current), "Current Function");
  const queueLen = "digits" in msgq ? intFromText(msgq.digits) : 10 ** msgq.stars;
  if (queueLen === null) return bad(c.msgq, c.msgqEnd, "MsgQ");
  return {
    ok: true,
    pid,
    name: nameField.trimEnd(),
    reds: "digits" in reds ? intFromText(reds.digits) : null,
    memory: "digits" in memory ? intFromText(memory.digits) : null,
    queueLen,
    msgqStars: "stars" in msgq ? msgq.stars : 0,
    current,
  };
}

/** A row as whitespace-separated words (see ROW). */
function readWords(text: string): Row | null {
  const m = ROW.exec(text);
  if (!m) return null;
  return { ok: true, pid: m[1] ?? "", name: m[2] ?? "", reds: Number(m[3]), memory: Number(m[4]), queueLen: Number(m[5]), msgqStars: 0, current: m[6] ?? "" };
}

/** Whether `name` holds a `:` outside quotes: `M:F/A` (`'Elixir.Foo':init/1` too), not a quoted atom (`'a:b'`). */
function isCallText(name: string): boolean {
  return name.replace(/'(?:[^'\\]|\\.)*'?/g, "''").includes(":");
}

/** The issue of a screen read only to MAX_LIST_ENTRIES rows. */
const REST_UNREAD = `the screen goes on past ${MAX_LIST_ENTRIES.toLocaleString("en-US")} processes: the rest is not read`;

export function createEtopReader(): FormatReader {
  let section: Section | null = null;
  let columns: Columns = defaultColumns(0);
  /** After a `====` rule: the next non-blank line names the node. */
  let afterRule = false;
  let node: string | null = null;
  let ruleLine = 0;
  /** Rows of the open screen so far; past MAX_LIST_ENTRIES, its issue says the rest is not read (`rowsCut`). */
  let rows = 0;

  /** An issue at a 0-based column of the line's text. */
  function issue(s: Section, l: LineView, message: string, column: number): void {
    s.issues.push(issueAt(l, message, column + 1));
  }

  return {
    kind: "etop",
    starts(line) {
      const l = withoutPrompts(line);
      const t = l.text;
      if (l.first === 61 && RULE.test(t)) {
        afterRule = true;
        ruleLine = l.printed;
        return false;
      }
      if (afterRule && t.trim() !== "") {
        afterRule = false;
        const m = NODE_LINE.exec(t);
        node = m?.[1] ? nameFromText(m[1]) : null;
        if (node !== null && !node.includes("@")) node = null;
      }
      return l.first === 80 && HEADER.test(t);
    },
    begin(line) {
      const l = withoutPrompts(line);
      // The header block belongs to the screen when it was just above.
      section = openSection("etop", l, l.printed - ruleLine <= 8 ? node : null);
      node = null;
      rows = 0;
      columns = headerColumns(l.text) ?? defaultColumns(Math.max(0, l.text.indexOf("Pid")));
      return "take";
    },
    feed(line) {
      if (!section) return "end";
      const l = withoutPrompts(line);
      const text = l.text;
      if (DASHES.test(text)) {
        section.end = l.endOffset;
        return "take";
      }
      if (!ROWISH.test(text)) return "end"; // the closing rule, a blank line, the next prompt
      section.end = l.endOffset;
      // As the monitor's lists (extract.ts): a screen of a million rows held 1.7 GB. Every row
      // counts, read or not: a million unreadable rows were a million issues (874 MB).
      if (++rows > MAX_LIST_ENTRIES) {
        if (!section.rowsCut) issue(section, l, REST_UNREAD, 0);
        section.rowsCut = true;
        return "take";
      }
      const pidField = text.slice(columns.pid, columns.name);
      if (/^\*+$/.test(pidField)) {
        issue(section, l, `etop printed this row's Pid as ${pidField} (a pid wider than its ${pidField.length} columns, e.g. a remote process's): the process cannot be known, the row is skipped`, columns.pid);
        return "take";
      }
      const byColumns = readColumns(text, columns);
      let row: Row;
      if (byColumns.ok) row = byColumns;
      else {
        const words = readWords(text);
        if (!words) {
          // Not the end of the screen: the rows below it are still read.
          issue(section, l, `etop row not read: ${byColumns.message}`, byColumns.column);
          return "take";
        }
        row = words;
      }
      const name = row.name;
      const isCall = isCallText(name);
      // `~-20s` cut the Name to its field: a call that fills it may have lost its arity's last
      // digits (`/1` of `/10`) or all of it (`xmpp_stream_in:init/`); one without an arity was cut.
      const cut = isCall && (name.length === columns.time - columns.name || !/\/\d+$/.test(name));
      const pid = canonicalPid(row.pid);
      const entry: Entry = {
        pid: pid ?? row.pid,
        queueLen: row.queueLen,
        info: {
          ...emptyInfo(),
          registeredName: isCall ? null : nameFromText(name),
          initialCall: isCall ? name : null,
          ...(cut ? { initialCallCut: true } : {}),
          currentFunction: row.current,
          // `~-20s` again: a function that fills the column and does not end in an arity was cut.
          ...(row.current.length >= CURRENT_WIDTH && !/\/\d+$/.test(row.current) ? { currentFunctionCut: true } : {}),
          memory: row.memory,
          reductions: row.reds,
        },
        line: l.lineNo,
      };
      section.entries.push(entry);
      if (row.msgqStars > 0) {
        issue(
          section,
          l,
          `etop printed the MsgQ of ${entry.pid} as ${"*".repeat(row.msgqStars)} (more than ${(10 ** row.msgqStars - 1).toLocaleString("en-US")}): ${row.queueLen} is a lower bound`,
          columns.msgqEnd - row.msgqStars,
        );
      }
      return "take";
    },
    close() {
      const s = section;
      section = null;
      // A screen whose rows all failed is still a snapshot: its issues say why it has no process.
      return s && (s.entries.length > 0 || s.issues.length > 0) ? s : null;
    },
  };
}
