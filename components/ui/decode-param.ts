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
