// PostgreSQL connections, the store's pool and Prisma's alike: a database that does not answer
// (hung, or behind a firewall that drops packets) fails a request in time instead of holding it,
// and an upload's transaction with it, for ever; the API then answers 503 (lib/errors.ts).

/** How long a connection may take to open. */
export const CONNECT_TIMEOUT_MS = 5_000;
/** How long any one statement may take to answer (the longest measured: ~6 s, regrouping a job of 100,000 builds). */
export const QUERY_TIMEOUT_MS = 120_000;
