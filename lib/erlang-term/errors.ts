// ## The one error type
//
// Everything this library throws is an ErlangTermError, whatever the input:
// syntax errors, nesting too deep, bad options. Callers (and the fuzz test)
// rely on `instanceof ErlangTermError` being the only case to handle.

import { lineColumnAt } from "./location";

/** What went wrong and where; shared by thrown errors and tolerant-mode issues. */
export type ProblemDetails = {
  /** What the parser wanted, e.g. `'>>' to close binary`. */
  expected: string;
  /** What it saw instead, e.g. `end of input` or `'}'`. */
  found: string;
  /** Offset into the parsed text (UTF-16 code units). */
  offset: number;
  /** 1-based line (see location.ts). */
  line: number;
  /** 1-based column (see location.ts). */
  column: number;
  /** `expected X but found Y at line:column`. */
  message: string;
};

/** What a tolerant read finds missing where the text cut a term (its `truncated` issue). */
export const REST_OF_TERM = "the rest of the term";

/** `expected X but found Y`: a problem's words, without its place. */
export function problemWords(expected: string, found: string): string {
  return `expected ${expected} but found ${found}`;
}

export function describeProblem(text: string, offset: number, expected: string, found: string): ProblemDetails {
  const { line, column } = lineColumnAt(text, offset);
  return { expected, found, offset, line, column, message: `${problemWords(expected, found)} at ${line}:${column}` };
}

export class ErlangTermError extends Error {
  readonly expected: string;
  readonly found: string;
  readonly offset: number;
  readonly line: number;
  readonly column: number;

  constructor(details: ProblemDetails) {
    super(details.message);
    this.name = "ErlangTermError";
    this.expected = details.expected;
    this.found = details.found;
    this.offset = details.offset;
    this.line = details.line;
    this.column = details.column;
  }
}
