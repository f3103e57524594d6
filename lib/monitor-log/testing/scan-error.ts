// The MonitorLogError a log gives `scanLog`, as plain fields for assertions; anything else thrown
// (or nothing) fails the test.
import { MonitorLogError } from "../errors";
import { scanLog } from "../scan";

export function errorOf(text: string): { code: string; line: number; column: number; message: string } {
  try {
    scanLog(text);
  } catch (e) {
    if (e instanceof MonitorLogError) return { code: e.code, line: e.line, column: e.column, message: e.message };
    throw e;
  }
  throw new Error("expected a MonitorLogError");
}
