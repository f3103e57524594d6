"use client";

// A message sample as the log printed it, parsed in the browser only when the
// reader opens it (tolerant: a term cut short still shows what was there). If
// nothing can be read, the raw text is shown instead.
import { useEffect, useMemo, useRef, useState } from "react";
import { parseTerm, type ParseTermResult } from "@/lib/erlang-term";
import { sampleTermText } from "@/lib/monitor-log/sample-text";
import { Breakable } from "@/components/ui/breakable";
import { ShownControls } from "@/components/ui/shown-controls";
import { ShowBytesContext, TermNode } from "./term-node";

/** The term the sample holds: its raw text without the CI prefixes its continuation lines keep (sampleTermText). */
function safeParse(raw: string): ParseTermResult | null {
  try {
    return parseTerm(sampleTermText(raw), { tolerant: true });
  } catch {
    return null;
  }
}

/** `cutHere`: the page holds only the start of the message (components/build/sample-groups.tsx): its text shown first, as the tree of a cut term reads little. */
function ParsedTerm({ raw, cutHere = false }: { raw: string; cutHere?: boolean }) {
  const [showRaw, setShowRaw] = useState(cutHere);
  const [showBytes, setShowBytes] = useState(false);
  /**
   * "show raw text" and "show tree" replace each other: the one pressed goes, and focus with it (to
   * the page's body). The other takes focus, after a press only (not when the sample opens).
   */
  const switched = useRef(false);
  const other = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!switched.current) return;
    switched.current = false;
    other.current?.focus();
  }, [showRaw]);
  const show = (raw: boolean) => {
    switched.current = true;
    setShowRaw(raw);
  };
  const result = useMemo(() => safeParse(raw), [raw]);
  // A long message scrolls in a box of its own (a UI review: three 3 MB messages, shown cut to
  // 100,000 characters, made the page 15,000 px tall), which the keyboard can scroll too.
  const long = raw.length > LONG_TERM_CHARS;
  const scrollable = long ? { tabIndex: 0, "aria-label": "the message's text (scrolls)" } : {};
  const failed = !result?.term || result.issues.some((issue) => issue.code === "syntax");
  if (failed || showRaw) {
    return (
      <div className="term-raw-wrap">
        {failed ? (
          <p className="muted" data-testid="term-parse-failed">
            This term could not be parsed{result?.issues[0] ? `: ${result.issues[0].message}` : ""}; the text as logged:
          </p>
        ) : (
          <div className="term-tools">
            {cutHere ? <span className="muted">cut for this page (…)</span> : null}
            <button type="button" ref={other} className="link-button" onClick={() => show(false)} data-testid="term-show-tree">
              show tree
            </button>
          </div>
        )}
        <pre className={long ? "term-raw long" : "term-raw"} data-testid="term-raw" {...scrollable}>
          <ShownControls text={raw} />
        </pre>
      </div>
    );
  }
  const term = result.term;
  return (
    <div className="term-wrap">
      <div className="term-tools">
        {cutHere ? <span className="muted">cut for this page (…)</span> : result.issues.length > 0 ? <span className="muted">cut short in the log (…)</span> : null}
        <button
          type="button"
          className="link-button"
          onClick={() => setShowBytes((v) => !v)}
          aria-pressed={showBytes}
          data-testid="term-bytes-toggle"
        >
          {showBytes ? "binaries as text" : "binaries as bytes"}
        </button>
        <button type="button" ref={other} className="link-button" onClick={() => show(true)} data-testid="term-show-raw">
          show raw text
        </button>
      </div>
      <pre className={long ? "term long" : "term"} data-testid="term-tree" {...scrollable}>
        <ShowBytesContext value={showBytes}>{term ? <TermNode term={term} /> : null}</ShowBytesContext>
      </pre>
    </div>
  );
}

/** Past this many characters a message's text scrolls in its own box (pre.long). */
export const LONG_TERM_CHARS = 4_000;

type Props = { raw: string; summary: string; index: number; defaultOpen?: boolean; cutHere?: boolean };

/** A collapsible sample: summary line, then the pretty-printed term once opened. */
export function TermView({ raw, summary, index, defaultOpen = false, cutHere = false }: Props) {
  const [open, setOpen] = useState(defaultOpen);
  return (
    <details
      className="sample"
      open={defaultOpen}
      onToggle={(event) => setOpen(event.currentTarget.open)}
      data-testid="sample"
      data-index={index}
    >
      <summary data-testid="sample-summary">
        <span className="muted">#{index + 1}</span> <Breakable text={summary} />
      </summary>
      {open ? <ParsedTerm raw={raw} cutHere={cutHere} /> : null}
    </details>
  );
}
