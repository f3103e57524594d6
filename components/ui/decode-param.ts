import { INT32_MAX } from "@/lib/validation/params";

/**
 * A dynamic route segment as text. Next hands segments over still
 * percent-encoded in some versions and decoded in others; decoding is only
 * attempted when the text holds an escape, and a bad escape keeps the raw text.
 */
export function decodeParam(value: string): string {
  if (!/%[0-9A-Fa-f]{2}/.test(value)) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * A build number or id from a path segment: digits only (no `1e3`, no sign, no leading zero:
 * `/builds/job/09101` is no address of build 9101, as the API answers),
 * at most 2³¹−1, what the columns hold (PostgreSQL refuses a larger one in a
 * query). Null for anything else: such a path names no build.
 */
export function pathInteger(segment: string): number | null {
  if (!/^(?:0|[1-9]\d{0,9})$/.test(segment)) return null;
  const n = Number(segment);
  return n <= INT32_MAX ? n : null;
}
