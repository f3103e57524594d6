// ## UTC offsets, as settings and parameters write them
//
// No imports: the pages' formatting (components/ui/format.ts) runs in the
// browser too, and reads the offset pages show times in with these.

/**
 * A UTC offset for the times a log prints without a zone (`2015-08-23 00:34:01`), or for the
 * times pages show: `Z`, `+08:00`, `+0800` or `-05:30`, within ±14:00; parsed to `Z` or
 * `±HH:MM`, what the scanners take.
 */
export function parseUtcOffset(text: string): string | null {
  const m = /^(?:Z|UTC|([+-])(\d\d):?(\d\d))$/i.exec(text.trim());
  if (!m) return null;
  if (m[1] === undefined) return "Z";
  const hours = Number(m[2]);
  const minutes = Number(m[3]);
  if (minutes > 59 || hours * 60 + minutes > 14 * 60) return null;
  return `${m[1]}${m[2]}:${m[3]}`;
}

/** Minutes east of UTC of a parsed offset (`Z` or `±HH:MM`): `+08:00` is 480. */
export function offsetMinutes(offset: string): number {
  const m = /^([+-])(\d\d):(\d\d)$/.exec(offset);
  if (!m) return 0;
  return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}
