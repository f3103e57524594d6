// The nine Unicode controls that reorder text around them (embeddings,
// overrides, isolates and their terminators: the set CVE-2021-42574 names).
// The marks U+200E/U+200F and U+061C change only neutral characters beside
// them and are left as they are: right-to-left text uses them.

import { hexEscape } from "@/lib/terminal-text";

const NAMES: Record<number, string> = {
  0x202a: "U+202A LEFT-TO-RIGHT EMBEDDING",
  0x202b: "U+202B RIGHT-TO-LEFT EMBEDDING",
  0x202c: "U+202C POP DIRECTIONAL FORMATTING",
  0x202d: "U+202D LEFT-TO-RIGHT OVERRIDE",
  0x202e: "U+202E RIGHT-TO-LEFT OVERRIDE",
  0x2066: "U+2066 LEFT-TO-RIGHT ISOLATE",
  0x2067: "U+2067 RIGHT-TO-LEFT ISOLATE",
  0x2068: "U+2068 FIRST STRONG ISOLATE",
  0x2069: "U+2069 POP DIRECTIONAL ISOLATE",
};

const CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;
/** The same class, not global: `test` keeps no `lastIndex` between calls. */
const ANY_CONTROL = new RegExp(CONTROLS.source);

export const hasBidiControls = (text: string): boolean => ANY_CONTROL.test(text);

export function bidiControlName(char: string): string {
  return NAMES[char.charCodeAt(0)] ?? `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** `text` in pieces: runs of ordinary text, and each control alone (`control: true`). */
export function splitBidiControls(text: string): { text: string; control: boolean }[] {
  const pieces: { text: string; control: boolean }[] = [];
  let at = 0;
  for (const match of text.matchAll(CONTROLS)) {
    if (match.index > at) pieces.push({ text: text.slice(at, match.index), control: false });
    pieces.push({ text: match[0], control: true });
    at = match.index + 1;
  }
  if (at < text.length) pieces.push({ text: text.slice(at), control: false });
  return pieces;
}

/**
 * `text` with each control written as Erlang escapes it (`\x{202e}`), for places that take plain
 * text only (an SVG chart label, its title): ShownControls' marked spans need HTML.
 */
export function escapeBidiControls(text: string): string {
  return hasBidiControls(text) ? text.replace(CONTROLS, hexEscape) : text;
}
