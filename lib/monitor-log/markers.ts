// ## Line markers
//
// A console log is mostly noise; the scanner must find the few lines that
// matter without paying a regex per line. Every test here is a charCode or
// `startsWith` at a known position: a noise line usually costs one or two
// character comparisons after its timestamp prefix.

/** Lines the scanner acts on. Everything else is noise. */
export type LineMarker =
  | { kind: "noise" }
  | { kind: "header" } // processes sorted by queue_len desc:
  | { kind: "top-start" } // [{<6562.1.2>,{message_queue_len,N}}, ... without the header (build 27044)
  | { kind: "inspect" } // message queue len of pid <pid> : {message_queue_len,N} | undefined
  | { kind: "samples" } // message in pid <pid> :
  | { kind: "build-start" } // Started by timer / user / upstream project
  | { kind: "meta"; key: "job" | "number" | "url"; value: string };

export const HEADER = "processes sorted by queue_len desc:";
export const INSPECT = "message queue len of pid";
export const SAMPLES = "message in pid";
const QUEUE_LEN = "message_queue_len";

const META_KEYS: ReadonlyArray<readonly [string, "job" | "number" | "url"]> = [
  ["JOB_NAME=", "job"],
  ["BUILD_NUMBER=", "number"],
  ["BUILD_URL=", "url"],
];

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * Length of a timestamp at `p` in the shapes CI prints, or 0:
 * `2015-08-25T03:47:00.000Z`, `2015-08-25 11:47:00`, `2015-08-25 11:47:00 +0800`.
 */
/** Two digits at `p`. */
const digits2 = (buf: string, p: number) => isDigit(buf.charCodeAt(p)) && isDigit(buf.charCodeAt(p + 1));

export function timestampLength(buf: string, p: number, end: number): number {
  if (p + 19 > end) return 0;
  // Spelled out: this runs on every line of a timestamped log.
  if (!digits2(buf, p) || !digits2(buf, p + 2) || !digits2(buf, p + 5) || !digits2(buf, p + 8)) return 0;
  if (!digits2(buf, p + 11) || !digits2(buf, p + 14) || !digits2(buf, p + 17)) return 0;
  const t = buf.charCodeAt(p + 10);
  if (buf.charCodeAt(p + 4) !== 45 || buf.charCodeAt(p + 7) !== 45 || (t !== 84 && t !== 32)) return 0;
  if (buf.charCodeAt(p + 13) !== 58 || buf.charCodeAt(p + 16) !== 58) return 0;
  let q = p + 19;
  if (q < end && (buf.charCodeAt(q) === 46 || buf.charCodeAt(q) === 44)) {
    q++;
    while (q < end && isDigit(buf.charCodeAt(q))) q++;
  }
  if (q < end && buf.charCodeAt(q) === 90) return q + 1 - p; // Z
  // A zone: `+08:00`, `+0800`, optionally after one space.
  const z = q < end && buf.charCodeAt(q) === 32 ? q + 1 : q;
  const s = buf.charCodeAt(z);
  if ((s === 43 || s === 45) && isDigit(buf.charCodeAt(z + 1)) && isDigit(buf.charCodeAt(z + 2))) {
    let r = z + 3;
    if (buf.charCodeAt(r) === 58) r++;
    if (isDigit(buf.charCodeAt(r)) && isDigit(buf.charCodeAt(r + 1)) && r + 2 <= end) return r + 2 - p;
  }
  return q - p;
}

/**
 * The timestamp prefix of a line: Jenkins' timestamper `[2015-08-25T03:47:00.000Z] `
 * or a CI step's `2015-08-25 11:47:00 +0800 `. `length` includes the one space
 * after it; `stamp` is the timestamp text (empty when there is none).
 */
export function timestampPrefix(buf: string, start: number, end: number): { length: number; stamp: string } {
  const c = buf.charCodeAt(start);
  if (c === 91 && isDigit(buf.charCodeAt(start + 1))) {
    const n = timestampLength(buf, start + 1, end);
    if (n > 0 && buf.charCodeAt(start + 1 + n) === 93) {
      const after = start + n + 2;
      return { length: n + 2 + (buf.charCodeAt(after) === 32 && after < end ? 1 : 0), stamp: buf.slice(start + 1, start + 1 + n) };
    }
  } else if (isDigit(c)) {
    const n = timestampLength(buf, start, end);
    if (n > 0) return { length: n + (buf.charCodeAt(start + n) === 32 && start + n < end ? 1 : 0), stamp: buf.slice(start, start + n) };
  }
  return { length: 0, stamp: "" };
}

/**
 * `timestampPrefix(...).length` without building the result: the scanner asks
 * this of every line of a timestamped log and wants the text only rarely.
 */
export function timestampPrefixLength(buf: string, start: number, end: number): number {
  const c = buf.charCodeAt(start);
  if (c === 91) {
    if (!isDigit(buf.charCodeAt(start + 1))) return 0;
    const n = timestampLength(buf, start + 1, end);
    if (n === 0 || buf.charCodeAt(start + 1 + n) !== 93) return 0;
    const after = start + n + 2;
    return n + 2 + (buf.charCodeAt(after) === 32 && after < end ? 1 : 0);
  }
  if (!isDigit(c)) return 0;
  const n = timestampLength(buf, start, end);
  return n > 0 ? n + (buf.charCodeAt(start + n) === 32 && start + n < end ? 1 : 0) : 0;
}

/** `timestampPrefix(...).stamp`. */
export function timestampText(buf: string, start: number, end: number): string {
  return timestampPrefix(buf, start, end).stamp;
}

/**
 * 1 when the log's first line opens with a byte-order mark (Notepad, PowerShell), else 0. The mark
 * stays in the text (offsets are the log's own), but like a timestamp it is no part of the line's
 * content: `JOB_NAME=` on line 1 must still read as metadata.
 */
export function bomLength(buf: string, start: number, lineNo: number): 0 | 1 {
  return lineNo === 1 && buf.charCodeAt(start) === 0xfeff ? 1 : 0;
}

/** Characters before a line's content: the `bom` (bomLength), then a timestamp prefix, if any. */
export function linePrefixLength(buf: string, start: number, end: number, bom: number): number {
  const c = buf.charCodeAt(start + bom);
  return bom + (c === 91 || (c >= 48 && c <= 57) ? timestampPrefixLength(buf, start + bom, end) : 0);
}

/** Timestamp text → ISO 8601 UTC; `localOffset` (`+08:00`, `Z`) for stamps printed without a zone. */
export function timestampToIso(stamp: string, localOffset: string): string | null {
  const date = stamp.slice(0, 10);
  const time = stamp.slice(11, 19);
  let rest = stamp.slice(19);
  let fraction = "";
  const m = /^[.,](\d+)/.exec(rest);
  if (m) {
    fraction = "." + (m[1] ?? "").slice(0, 3).padEnd(3, "0");
    rest = rest.slice(m[0].length);
  }
  rest = rest.trim();
  let zone = localOffset;
  if (rest === "Z") zone = "Z";
  else if (rest !== "") zone = rest.length === 5 ? `${rest.slice(0, 3)}:${rest.slice(3)}` : rest;
  const d = new Date(`${date}T${time}${fraction}${zone}`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** Index of the first non-blank character in `[p, end)`, or `end`. */
export function skipBlanks(buf: string, p: number, end: number): number {
  while (p < end) {
    const c = buf.charCodeAt(p);
    if (c !== 32 && c !== 9) break;
    p++;
  }
  return p;
}

/** What the line whose content (timestamp prefix removed) starts at `p` is. */
export function markerAt(buf: string, p: number, end: number): LineMarker {
  const q = skipBlanks(buf, p, end);
  switch (buf.charCodeAt(q)) {
    case 112: // p
      return buf.startsWith(HEADER, q) ? { kind: "header" } : NOISE;
    case 109: // m
      if (buf.startsWith(INSPECT, q)) return { kind: "inspect" };
      if (buf.startsWith(SAMPLES, q)) return { kind: "samples" };
      return NOISE;
    case 91: // [
      // Without its header, the top list is recognised by its first entry.
      // The search is bounded by the line: `buf` may be the whole log.
      if (buf.charCodeAt(q + 1) === 123 && buf.slice(q, Math.min(end, q + 256)).includes(QUEUE_LEN)) {
        return { kind: "top-start" };
      }
      return NOISE;
    case 83: // S
      return buf.startsWith("Started by ", q) ? { kind: "build-start" } : NOISE;
    case 74: // J
    case 66: // B
      for (const [prefix, key] of META_KEYS) {
        if (buf.startsWith(prefix, q)) return { kind: "meta", key, value: buf.slice(q + prefix.length, end).trim() };
      }
      return NOISE;
    default:
      return NOISE;
  }
}

const NOISE: LineMarker = { kind: "noise" };

/** `<job>_<number>.log` (any directory, any case of `.log`) → job and number. */
export function parseSourceName(source: string | undefined): { job: string | null; number: number | null } {
  if (!source) return { job: null, number: null };
  const base = source.slice(Math.max(source.lastIndexOf("/"), source.lastIndexOf("\\")) + 1);
  // `job_12.log.gz`: uploads inflate gzip, and the name is the name of what was inflated.
  const m = /^(.+)_(\d+)\.(?:log|txt)(?:\.gz)?$/i.exec(base);
  return m ? { job: m[1] ?? null, number: Number(m[2]) } : { job: null, number: null };
}

/**
 * `http://ci/job/<job>/<n>/` (Jenkins) → job and number. A job in folders (or a multibranch
 * pipeline's branch) is `/job/<folder>/job/<job>/…`, and its name is what Jenkins' `JOB_NAME`
 * says, the segments joined by `/` (`team/ejabberd-monitor/main`); views on the way are no
 * part of it. Each segment is decoded once, as `JOB_NAME` spells a branch `feature%2Fx`.
 */
export function parseBuildUrl(url: string): { job: string | null; number: number | null } {
  const m = /((?:\/(?:job|view)\/[^/]+)+)\/(\d+)\/?(?:console[^/]*)?$/.exec(url.trim());
  if (!m) return { job: null, number: null };
  const parts = (m[1] ?? "").split("/");
  const segments: string[] = [];
  for (let k = 1; k + 1 < parts.length; k += 2) if (parts[k] === "job") segments.push(decodeSegment(parts[k + 1] ?? ""));
  return segments.length > 0 ? { job: segments.join("/"), number: Number(m[2]) } : { job: null, number: null };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a stray `%` in a URL someone typed
  }
}
