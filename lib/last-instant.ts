/**
 * The last instant of year 9999, the latest time the dashboard keeps. Times are stored as ISO text
 * on SQLite, and a later one is written with a six-digit year (`+010000-01-01T…`), which compares
 * before every stored time: a filter bound past it would keep what it should drop, and a log stamp
 * past it would sort before every other. Its own module: the scanner (no zod) and the API's
 * validation (in client bundles too) both read it.
 */
export const LAST_INSTANT_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * The first instant of year 1, the earliest time the dashboard keeps. Before it SQLite's date
 * functions read no time at all (`-000001-12-31T…`: the incidents chart lost such an incident, or
 * failed, a review, 2026-12-07) and PostgreSQL, which has no year 0, refused the upload with a 500.
 * (Not Date.UTC, which reads the year 1 as 1901.)
 */
export const FIRST_INSTANT_MS = Date.parse("0001-01-01T00:00:00.000Z");
