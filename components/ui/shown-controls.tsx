import { Fragment, type ReactNode } from "react";
import { bidiControlName, hasBidiControls, splitBidiControls } from "./bidi-controls";
import { hasCjk, splitCjk } from "./cjk-lang";
import { hexEscape } from "@/lib/terminal-text";

/**
 * Text from a log (a message body, an atom, a room name) with its
 * bidirectional embedding, override and isolate controls shown instead of
 * applied: a U+202E inside `<<"invoice_\u202Efdp.exe">>` would otherwise make
 * the page read `invoice_exe.pdf` and reorder what follows it on the line
 * (CVE-2021-42574, "Trojan Source"). Each one is written as Erlang would
 * escape it (`\x{202e}`, so a copied term still reads back to the same
 * characters) in a marked span that names it. Each run of Chinese (Japanese,
 * Korean) is in a span with its `lang` (cjk-lang.ts): the page is English.
 * Everything stays React text.
 */
export function ShownControls({ text }: { text: string }): ReactNode {
  if (!hasBidiControls(text)) return <InLanguage text={text} />;
  return splitBidiControls(text).map((piece, i) =>
    piece.control ? (
      <span key={i} className="bidi-control" title={`${bidiControlName(piece.text)}: shown here, not applied`} data-testid="bidi-control">
        {hexEscape(piece.text)}
      </span>
    ) : (
      <InLanguage key={i} text={piece.text} />
    ),
  );
}

/** The text, with each CJK run in a span that says its language. */
function InLanguage({ text }: { text: string }): ReactNode {
  if (!hasCjk(text)) return text;
  return splitCjk(text).map((piece, i) =>
    piece.lang ? (
      <span key={i} lang={piece.lang}>
        {piece.text}
      </span>
    ) : (
      <Fragment key={i}>{piece.text}</Fragment>
    ),
  );
}
