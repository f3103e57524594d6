// ## Text from logs, safe for a terminal
//
// `npm run analyze` prints what logs hold (room names, subjects, job names,
// evidence quoting message bodies), and what a log holds comes from remote
// clients. A control character printed raw is obeyed by the terminal: ESC
// starts sequences that set the window title, clear the screen or rewrite
// what was printed; text-direction controls reorder the line they are in.
// They are shown as `\x{1b}` instead (the pages show the direction controls
// the same way: components/ui/shown-controls.tsx). Line feeds and tabs stay:
// the report's own layout is made of them.

/** C0 controls but tab and line feed, DEL, C1 controls, and the Unicode text-direction controls. */
const TERMINAL_CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** One character as Erlang escapes it in quotes, `\x{1b}`: how the CLI, the CSV and the pages show a control. */
export const hexEscape = (c: string): string => `\\x{${(c.codePointAt(0) ?? 0).toString(16)}}`;

/** `text` with every control a terminal would obey written as `\x{hex}`. */
export function terminalSafe(text: string): string {
  return text.replace(TERMINAL_CONTROLS, hexEscape);
}

/** Characters JSON.stringify leaves raw that a terminal obeys: C1 controls and the text-direction controls. */
const RAW_IN_JSON = /[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON text with those characters written as `\uXXXX` escapes: the same JSON value (a parser
 * reads the same strings), safe to print. JSON.stringify escapes the C0 controls itself.
 */
export function terminalSafeJson(json: string): string {
  return json.replace(RAW_IN_JSON, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`);
}
