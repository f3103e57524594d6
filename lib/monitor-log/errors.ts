// ## The scanner's one error type
//
// Thrown when a log cannot be read as a monitor log at all: no monitor output,
// or a term the run cannot do without (the top list) that does not parse.
// Carries a 1-based line and column in the log, so a CLI can print
// `file:line:column: message` and a UI can point at the text.

export type MonitorLogErrorCode = "no_monitor_output" | "unreadable_term" | "line_too_long" | "term_too_long";

export class MonitorLogError extends Error {
  readonly code: MonitorLogErrorCode;
  readonly line: number;
  readonly column: number;
  /** Absolute offset in the log (UTF-16 units). */
  readonly offset: number;
  /** The message without its position, for `file:line:column: reason`. */
  readonly reason: string;

  constructor(args: { code: MonitorLogErrorCode; message: string; line: number; column: number; offset: number }) {
    super(`${args.message} at ${args.line}:${args.column}`);
    this.name = "MonitorLogError";
    this.code = args.code;
    this.line = args.line;
    this.column = args.column;
    this.offset = args.offset;
    this.reason = args.message;
  }
}
