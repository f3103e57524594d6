// ## Single parameters: integers as query strings and forms send them
//
// zod's own checks answer a bad value with several issues (an integer over the
// limit fails both `int()`'s safe range and `max()`, each with its own limit).
// Each builder here answers a bad value with one issue that says what is expected.
import { z } from "zod";

/** The largest value of the database's Int columns (ids, build numbers): PostgreSQL refuses more. */
export const INT32_MAX = 2_147_483_647;

/** An integer from `min` to `max` inclusive, from text (`"42"`) or a number. */
export function integerParam(min: number, max: number) {
  const error = `must be an integer from ${min} to ${max}`;
  // coerce.number rejects NaN and ±Infinity itself, and stops there.
  return z.coerce.number({ error }).refine((n) => Number.isInteger(n) && n >= min && n <= max, { error });
}
