// ## Erlang and IEx shell prompts in a paste
//
// What an operator copies out of a shell carries its prompts: `1> `,
// `(ejabberd@host)1> `, `iex(1)> `, `iex(ejabberd@host)2> `. recon's reader
// reads the prompt that calls `proc_count` (its node is the snapshot's node)
// and ends its paste at the next prompt; etop's screen, printed by a process
// of its own while the shell waits, comes out behind the prompt the shell had
// already printed, once per line or even twice
// (`(emq@prod-mb-1)2> (emq@prod-mb-1)2> <0.1729.0>     emqttd_client:init/1 …`,
// emqx issue 2671): its reader reads each line without them.

import type { LineView } from "./reader";

/** A prompt up to its command number: `iex`, then `(node@host)` (group 1: what the parentheses hold). */
export const PROMPT_HEAD = String.raw`(?:iex)?(?:\(([^)]*)\))?`;
/** A prompt at a line's start (a number before the `>`: the shell's count of commands). */
export const SHELL_PROMPT = new RegExp(String.raw`^${PROMPT_HEAD}\d+>`);
/** The prompts a line starts with, each with the one blank the shell prints after it. */
const PROMPTS = new RegExp(String.raw`^(?:(?:iex)?(?:\([^)]*\))?\d+> ?)+`);

/** The node a prompt's parentheses name (`ejabberd@host`); `iex(1)>` and `(1)` name none. */
export function promptNode(inParentheses: string | undefined): string | null {
  return inParentheses && inParentheses.includes("@") ? inParentheses : null;
}

/** Whether a line whose first non-blank character is `first` (LineView's) may start with a prompt: `(`, `i`, a digit. */
export const mayStartWithPrompt = (first: number) => first === 40 || first === 105 || (first >= 48 && first <= 57);

/**
 * The line without the prompts it starts with: the same line seen from after them (its prefix
 * and offset moved past them, so that columns and offsets still point into the log), or the
 * line itself when it starts with none.
 */
export function withoutPrompts(l: LineView): LineView {
  if (!mayStartWithPrompt(l.first) || l.text.charCodeAt(0) !== l.first) return l;
  const m = PROMPTS.exec(l.text);
  if (!m) return l;
  const n = m[0].length;
  const text = l.text.slice(n);
  const q = text.search(/[^ \t]/);
  return { ...l, text, prefix: l.prefix + n, offset: l.offset + n, first: q === -1 ? -1 : text.charCodeAt(q) };
}
