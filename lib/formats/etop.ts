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
//   ========================================================================================
//
// The second column is the registered name when there is one, else the
// initial call (`M:F/A`). A screen's rows are ranked again by MsgQ (etop
// sorts by whatever `sort` said). The node comes from the line after the
// top rule, when the screen was kept whole.

import { canonicalPid, emptyInfo, nameFromText } from "./process-info";
import { openSection, type FormatReader, type Section } from "./reader";

const RULE = /^\s*={20,}\s*$/;
const DASHES = /^\s*-{20,}\s*$/;
const HEADER = /^\s*Pid\s+Name or Initial Func\s+Time\s+Reds\s+Memory\s+MsgQ\s+Current Function\s*$/;
const ROW = /^\s*(<\d+\.\d+\.\d+>)\s+(\S+)\s+('-'|-|\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s*$/;
/** ` 'ejabberd@im-1'      22:55:00` or `nodename@host  load: ...`: the node line of the header. */
const NODE_LINE = /^\s*('[^']+'|[^\s@']+@[^\s']+)/;

export function createEtopReader(): FormatReader {
  let section: Section | null = null;
  /** After a `====` rule: the next non-blank line names the node. */
  let afterRule = false;
  let node: string | null = null;
  let ruleLine = 0;

  return {
    kind: "etop",
    starts(l) {
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
    begin(l) {
      // The header block belongs to the screen when it was just above.
      section = openSection("etop", l, l.printed - ruleLine <= 8 ? node : null);
      node = null;
      return "take";
    },
    feed(l) {
      if (!section) return "end";
      if (DASHES.test(l.text)) {
        section.end = l.endOffset;
        return "take";
      }
      const m = ROW.exec(l.text);
      if (!m) return "end"; // the closing rule, a blank line, the next prompt
      const pid = canonicalPid(m[1] ?? "");
      const column = m[2] ?? "";
      const isCall = /:.*\/\d+$/.test(column);
      section.entries.push({
        pid: pid ?? m[1] ?? "",
        queueLen: Number(m[6]),
        info: {
          ...emptyInfo(),
          registeredName: isCall ? null : nameFromText(column),
          initialCall: isCall ? column : null,
          currentFunction: m[7] ?? null,
          memory: Number(m[5]),
          reductions: Number(m[4]),
        },
        line: l.lineNo,
      });
      section.end = l.endOffset;
      return "take";
    },
    close() {
      const s = section;
      section = null;
      return s && s.entries.length > 0 ? s : null;
    },
  };
}
