// ## Keyset (seek) reads for the exports
//
// An export reads a whole list a chunk at a time. With OFFSET, each chunk reads and drops every
// row before it (quadratic in the list's length), and a row deleted before the current offset
// shifts the later chunks (a row skipped). Here each chunk starts after the last row of the
// previous one, found by its sort keys: each row is read once, and rows that come and go before
// it move nothing after it. The same order as the pages' `orderBy`, keys and NULLs included.
//
// Pure: the conditions are Prisma `where` objects of plain data, so tests need no database.

/** One column of a list's order, as Prisma's `orderBy` names it. */
export type SeekKey<F extends string> = {
  field: F;
  direction: "asc" | "desc";
  /**
   * Where NULLs sort: "none" for a column without NULLs (in this read); otherwise "first" or
   * "last", which is the database's own order when `orderBy` does not say (nullPlacement).
   */
  nulls: "none" | "first" | "last";
};

type Value = unknown;
type Where = Record<string, unknown>;

/**
 * Where a database puts NULLs when `ORDER BY` does not say: SQLite takes them as smaller than any
 * value, PostgreSQL as larger (first ascending on SQLite, last on PostgreSQL; the other way descending).
 */
export function nullPlacement(dialect: "sqlite" | "postgres", direction: "asc" | "desc"): "first" | "last" {
  const smallest = dialect === "sqlite";
  return (direction === "asc") === smallest ? "first" : "last";
}

/** Prisma's `orderBy` for these keys: the database's own NULL order (see SeekKey.nulls). */
export function seekOrderBy<F extends string>(keys: SeekKey<F>[]): Record<F, "asc" | "desc">[] {
  return keys.map((key) => ({ [key.field]: key.direction }) as Record<F, "asc" | "desc">);
}

/** Rows whose `key` equals `value` (NULL equals NULL here, as they sort together). */
function equal<F extends string>(key: SeekKey<F>, value: Value): Where {
  return { [key.field]: value === null ? null : value };
}

/** Rows whose `key` sorts strictly after `value`; null when none can. */
function after<F extends string>(key: SeekKey<F>, value: Value): Where | null {
  if (value === null) return key.nulls === "first" ? { [key.field]: { not: null } } : null;
  const beyond = { [key.field]: key.direction === "asc" ? { gt: value } : { lt: value } };
  return key.nulls === "last" ? { OR: [beyond, { [key.field]: null }] } : beyond;
}

/**
 * Rows whose first key sorts at or after `value`: implied by seekAfter's condition, but written
 * as a range on that column alone so that the database can start an index scan there rather
 * than read the list from its beginning and drop the rows before the cursor. Null: no range helps.
 */
function from<F extends string>(key: SeekKey<F>, value: Value): Where | null {
  if (value === null) return key.nulls === "last" ? { [key.field]: null } : null;
  if (key.nulls === "last") return null;
  return { [key.field]: key.direction === "asc" ? { gte: value } : { lte: value } };
}

/**
 * Rows that sort strictly after `row` in the order of `keys` (the last key unique, e.g. the id):
 * (k1 after r1) OR (k1 = r1 AND k2 after r2) OR … — the row-value comparison `(k1, k2, …) > (r1, r2, …)`,
 * spelled out because the keys may run in either direction and hold NULLs.
 */
export function seekAfter<F extends string>(keys: SeekKey<F>[], row: Record<F, Value>): Where {
  const branches: Where[] = [];
  keys.forEach((key, i) => {
    const beyond = after(key, row[key.field]);
    if (beyond === null) return;
    const same = keys.slice(0, i).map((earlier) => equal(earlier, row[earlier.field]));
    branches.push(same.length === 0 ? beyond : { AND: [...same, beyond] });
  });
  // Never empty when the last key is the id; were it, Prisma would drop an empty OR inside an AND
  // (no condition at all, not a false one) and a read would return the cursor's row again, forever.
  if (branches.length === 0) throw new Error("seekAfter: the last key must be unique and never NULL (the id)");
  const [first] = keys;
  const range = first === undefined ? null : from(first, row[first.field]);
  return range === null ? { OR: branches } : { AND: [range, { OR: branches }] };
}

/**
 * One part of a list read in the order of its keys: `take` rows after `cursor` (from the start
 * when undefined). A nulls-last sort is two parts: the rows with a value, then those without.
 */
export type SeekPart<R> = (cursor: R | undefined, take: number) => Promise<R[]>;

/**
 * The parts' rows one after the other, `chunkSize` to a chunk (the last may be shorter; a chunk
 * may span two parts), each mapped by `toItems`. Each read starts after the last row read.
 */
export async function* seekChunks<R, T>(
  parts: SeekPart<R>[],
  chunkSize: number,
  toItems: (rows: R[]) => T[] | Promise<T[]>,
): AsyncGenerator<T[], void, undefined> {
  let chunk: R[] = [];
  for (const part of parts) {
    let cursor: R | undefined;
    for (;;) {
      const take = chunkSize - chunk.length;
      const rows = await part(cursor, take);
      chunk.push(...rows);
      cursor = rows.at(-1) ?? cursor;
      if (chunk.length === chunkSize) {
        yield await toItems(chunk);
        chunk = [];
      }
      if (rows.length < take) break;
    }
  }
  if (chunk.length > 0) yield await toItems(chunk);
}
