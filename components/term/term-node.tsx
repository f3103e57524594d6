"use client";

// One node of a parsed Erlang term, pretty-printed with syntax colouring.
// Containers (tuples, lists, maps, records) fold; binaries show their text
// decoded as UTF-8 with the raw bytes one click away. Everything is rendered
// as React text nodes: message bodies never become HTML.
import { createContext, useContext, useMemo, useState, type ReactNode } from "react";
import { binaryBytes, binaryLatin1Literal, binarySegments, binaryText, binaryTruncated, isCutEntry, isCutField, print, printAtom, printString } from "@/lib/erlang-term";
import type { ErlBinary, ErlTerm } from "@/lib/erlang-term";
import { ShownControls } from "@/components/ui/shown-controls";

/** Containers deeper than this start folded. */
const OPEN_DEPTH = 6;
/** Like ~p: a container whose one-line text fits in this width (minus its indent) prints on one line. */
const LINE_WIDTH = 96;

/** One-line length of a term, or Infinity when the printer cannot print it. */
function printedLength(term: ErlTerm): number {
  try {
    return print(term).length;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** Atoms and strings as Erlang writes them: control characters as `\e`, `\x{1e}`, not JSON's `\u001e`. */
const atomText = printAtom;
const quoted = printString;

/** When true, binaries print their raw bytes instead of the decoded text (toggled per sample). */
export const ShowBytesContext = createContext(false);

function BinaryNode({ term }: { term: ErlBinary }) {
  const showBytes = useContext(ShowBytesContext);
  const text = binaryText(term);
  const bytes = showBytes ? binaryBytes(term) : null;
  const truncated = binaryTruncated(term);
  // Not UTF-8, but mostly text (a MySQL error packet's message after its header bytes): the
  // string literal of the same bytes, which Erlang reads back to them; "binaries as bytes" shows the numbers.
  const literal = bytes === null && text === null ? binaryLatin1Literal(term) : null;
  let body: ReactNode;
  if (bytes) {
    body = (
      <span className="t-num" data-testid="term-bytes">
        {Array.from(bytes).join(",")}
      </span>
    );
  } else if (text === "" && !truncated) {
    // `<<>>`, as Erlang prints an empty binary (not `<<"">>`).
    body = null;
  } else if (text !== null) {
    body = (
      <span className="t-bin-text" data-testid="term-binary-text">
        <ShownControls text={quoted(text)} />
      </span>
    );
  } else if (literal !== null) {
    body = (
      <span className="t-bin-text" data-testid="term-binary-latin1" title="not UTF-8: its bytes as an Erlang string, those that are not printable ASCII escaped">
        {literal}
      </span>
    );
  } else {
    body = (
      <span className="t-bin-raw">
        <ShownControls
          text={binarySegments(term)
          .map((segment) =>
            segment.kind === "string"
              ? quoted(segment.value) + (segment.encoding === "latin1" ? "" : `/${segment.encoding}`)
              : segment.kind === "truncated"
                ? "..."
                : String(segment.value) + (segment.size === null ? "" : `:${segment.size}`),
          )
          .join(",")}
        />
      </span>
    );
  }
  return (
    <span className="t-bin">
      <span className="t-punct">{"<<"}</span>
      {body}
      {truncated && (bytes || text !== null) ? <span className="t-punct">,...</span> : null}
      <span className="t-punct">{">>"}</span>
    </span>
  );
}

function Scalar({ term }: { term: ErlTerm }): ReactNode {
  switch (term.kind) {
    case "atom":
      return <span className="t-atom"><ShownControls text={atomText(term.value)} /></span>;
    case "integer":
      return <span className="t-num">{term.value.toString()}</span>;
    case "float":
      return <span className="t-num">{String(term.value)}</span>;
    case "string":
      return <span className="t-str"><ShownControls text={quoted(term.value)} /></span>;
    case "binary":
      return <BinaryNode term={term} />;
    case "pid":
      return <span className="t-pid">{term.text}</span>;
    case "ref":
    case "fun":
    case "port":
      return <span className="t-ref">{term.text}</span>;
    case "truncated":
      return <span className="t-trunc">...</span>;
    default:
      return null;
  }
}

type Child = { key: string; label?: ReactNode; term: ErlTerm };

function childrenOf(term: ErlTerm): { open: string; close: string; children: Child[]; tail: ErlTerm | null } | null {
  switch (term.kind) {
    case "tuple":
      return { open: "{", close: "}", children: term.elements.map((t, i) => ({ key: String(i), term: t })), tail: null };
    case "list":
      return { open: "[", close: "]", children: term.elements.map((t, i) => ({ key: String(i), term: t })), tail: term.tail };
    case "map":
      return {
        open: "#{",
        close: "}",
        children: term.entries.map((entry, i) => ({
          key: String(i),
          // `#{a => 1,...}`: the entries cut are one `...`, as printed.
          label: isCutEntry(entry) ? undefined : (
            <>
              <TermNode term={entry.key} forceInline />
              <span className="t-punct"> =&gt; </span>
            </>
          ),
          term: entry.value,
        })),
        tail: null,
      };
    case "record":
      return {
        open: `#${term.name}{`,
        close: "}",
        children: term.fields.map((field, i) => ({
          key: String(i),
          // `#state{socket = a,...}`: the fields cut are one `...`, as printed.
          label: isCutField(field) ? undefined : (
            <>
              <span className="t-atom"><ShownControls text={field.name} /></span>
              <span className="t-punct"> = </span>
            </>
          ),
          term: field.value,
        })),
        tail: null,
      };
    default:
      return null;
  }
}

export function TermNode({ term, depth = 0, forceInline = false }: { term: ErlTerm; depth?: number; forceInline?: boolean }) {
  const container = childrenOf(term);
  const [open, setOpen] = useState(depth < OPEN_DEPTH);
  const length = useMemo(() => (forceInline ? 0 : printedLength(term)), [term, forceInline]);
  if (!container) return <Scalar term={term} />;
  const { children, tail } = container;
  const inline = forceInline || length <= LINE_WIDTH - depth * 2;
  if (children.length === 0 && !tail) {
    return (
      <span className="t-punct">
        <ShownControls text={container.open} />
        {container.close}
      </span>
    );
  }
  if (inline) {
    return (
      <span className="t-inline">
        <span className="t-punct"><ShownControls text={container.open} /></span>
        {children.map((child, i) => (
          <span key={child.key}>
            {child.label}
            <TermNode term={child.term} depth={depth + 1} forceInline />
            {i < children.length - 1 ? <span className="t-punct">,</span> : null}
          </span>
        ))}
        {tail ? (
          <>
            <span className="t-punct">|</span>
            <TermNode term={tail} depth={depth + 1} forceInline />
          </>
        ) : null}
        <span className="t-punct">{container.close}</span>
      </span>
    );
  }
  // Like ~p, a tuple's tag atom stays on the line of its brace: `{'$gen_event',`.
  const first = children[0];
  const tag = term.kind === "tuple" && first && first.term.kind === "atom" && children.length > 1 ? first.term : null;
  const body = tag ? children.slice(1) : children;
  return (
    <span className="t-container">
      <button
        type="button"
        className="t-fold"
        onClick={() => setOpen((v) => !v)}
        aria-expanded={open}
        // One name; aria-expanded says the state ("unfold, collapsed" said it twice, the name changing with it).
        aria-label="contents"
        data-testid="term-fold"
      >
        {open ? "▾" : "▸"}
      </button>
      <span className="t-punct"><ShownControls text={container.open} /></span>
      {open && tag ? (
        <>
          <Scalar term={tag} />
          <span className="t-punct">,</span>
        </>
      ) : null}
      {open ? (
        <span className="t-children">
          {body.map((child, i) => (
            <span className="t-child" key={child.key}>
              {child.label}
              <TermNode term={child.term} depth={depth + 1} />
              {i < body.length - 1 || tail ? <span className="t-punct">,</span> : null}
            </span>
          ))}
          {tail ? (
            <span className="t-child">
              <span className="t-punct">| </span>
              <TermNode term={tail} depth={depth + 1} />
            </span>
          ) : null}
        </span>
      ) : (
        <span className="t-folded">
          … {children.length} {children.length === 1 ? "item" : "items"} …
        </span>
      )}
      <span className="t-punct">{container.close}</span>
    </span>
  );
}
