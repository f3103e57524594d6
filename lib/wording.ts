// ## Counts, articles and sizes in sentences
//
// Pure helpers shared by the pages, the API's messages and the classifier's
// evidence, so that no sentence says "1 builds", "a ELF executable" or
// "0.0 KiB". Numbers are written the en-US way (12,746), like the rest of the UI.

/** The noun alone, singular for exactly 1: `pluralWord(1, "build")` is `build`, `pluralWord(2, "build")` `builds`. */
export function pluralWord(count: number, singular: string, plural = `${singular}s`): string {
  return count === 1 ? singular : plural;
}

/**
 * `count.toLocaleString("en-US")`, which is specified as this formatter's answer: made once, not at
 * every call (each toLocaleString with a locale builds its own formatter, and the classifier's
 * evidence asks for one per run: ~10 µs each, 90 ms of a 100 MB log's ingest).
 */
const EN_US = new Intl.NumberFormat("en-US");

/** Count and noun: `1 build`, `2 builds`, `12,746 messages`, `1 process` / `3 processes` (give the irregular plural). */
export function plural(count: number, singular: string, plural = `${singular}s`): string {
  return `${EN_US.format(count)} ${pluralWord(count, singular, plural)}`;
}

/** Letters whose spoken name starts with a vowel sound: "an F", "an SQL", "an xz". */
const VOWEL_SOUND_LETTERS = new Set("aefhilmnorsx");

/**
 * The phrase with "a" or "an" before it, chosen by sound for the words this
 * app says: `an ELF executable`, `a PNG image`, `an xz archive`, `a zip archive`.
 * A word in capitals, or one without a vowel, is read letter by letter (an
 * initialism); any other word by its first letter (`an archive`, `a binary file`).
 * Acronyms said as words ("MUC", "muck") and silent or "yu" sounds ("hour",
 * "user") are beyond it: say those phrases whole.
 */
export function withArticle(phrase: string): string {
  const word = /^[A-Za-z0-9]+/.exec(phrase)?.[0] ?? "";
  const first = word[0]?.toLowerCase() ?? "";
  const initialism = word.length > 0 && (word === word.toUpperCase() || !/[aeiouy]/i.test(word));
  const vowelSound = initialism ? VOWEL_SOUND_LETTERS.has(first) : /[aeiou]/.test(first);
  return `${vowelSound ? "an" : "a"} ${phrase}`;
}

const UNITS = ["KiB", "MiB", "GiB", "TiB"] as const;

/** `0 bytes`, `1 byte`, `812 bytes`, then `1.5 KiB`, `2.0 MiB`…: small files are not "0.0 KiB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "—";
  if (bytes < 1024) return plural(Math.round(bytes), "byte");
  let value = bytes / 1024;
  let unit = 0;
  // Past 1023.95 the one decimal would print "1024.0": move to the next unit instead.
  while (value >= 1023.95 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 })} ${UNITS[unit]}`;
}
