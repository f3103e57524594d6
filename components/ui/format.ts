// ## Formatting shared by server and client components
//
// Times are shown in UTC everywhere so the server render and the browser's
// hydration agree whatever the viewer's time zone (the logs themselves mix
// +0800 and UTC).

const pad = (n: number) => String(n).padStart(2, "0");

/** `2015-08-23 00:34 UTC`, or an em dash for null. */
export function formatTime(value: string | null | undefined): string {
  if (!value) return "—";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return "—";
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}

/** Short axis label: `08-23 00:34`. */
export function formatShortTime(ms: number): string {
  const date = new Date(ms);
  return `${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
}

/** `2 d 3 h`, `3 h 12 min`, `45 min`, `single build` (0), `—` (unknown). */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  if (ms <= 0) return "single build";
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

const BYTE_UNITS = ["KiB", "MiB", "GiB", "TiB"] as const;

/** `812 B`, `2.8 KiB`, `512 MiB`: binary units, as MAX_UPLOAD_BYTES and the upload panel count. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "—";
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  let value = bytes / 1024;
  let unit = 0;
  // Up a unit where the number would round to 1024 of this one.
  while (value >= 1023.5 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 9.95 ? value.toFixed(1) : Math.round(value)} ${BYTE_UNITS[unit]}`;
}

export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : value.toLocaleString("en-US");
}

/** Build label: `job #number`, or `build <id>` when the log named neither. */
export function buildLabel(build: {
  id?: number;
  job: string | null;
  number: number | null;
  sourceKind?: string;
  startedAt?: string | null;
}): string {
  if (build.job !== null && build.number !== null) return `${build.job} #${build.number}`;
  if (build.number !== null) return `#${build.number}`;
  // Not a CI build: a watchdog warning or a pasted screen is an incident at its time.
  if (build.sourceKind && build.sourceKind !== "monitor" && build.startedAt) {
    return `${build.job ? `${build.job}: ` : ""}snapshot of ${formatTime(build.startedAt)}`;
  }
  return build.id === undefined ? "build" : `build ${build.id}`;
}

/** Only http(s) URLs become links; anything else (javascript:, data:) stays text. */
export function safeHttpUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

export function roomHref(jid: string): string {
  return `/rooms/${encodeURIComponent(jid)}`;
}

/** `name` of `name@conference.host` (the whole JID when it has no `@`). */
export function roomName(jid: string): string {
  const at = jid.lastIndexOf("@");
  return at > 0 ? jid.slice(0, at) : jid;
}
