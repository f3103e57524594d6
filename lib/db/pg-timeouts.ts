// PostgreSQL connections, the store's pool and Prisma's alike: a database that does not answer
// (hung, or behind a firewall that drops packets) fails a request in time instead of holding it,
// and an upload's transaction with it, for ever; the API then answers 503 (lib/errors.ts).

/** How long a connection may take to open. */
export const CONNECT_TIMEOUT_MS = 5_000;
/** How long any one statement may take to answer (the longest measured: ~6 s, regrouping a job of 100,000 builds). */
export const QUERY_TIMEOUT_MS = 120_000;
/**
 * How long an upload (or a deletion) waits for one of the instance's upload connections
 * (PG_UPLOAD_CONNECTIONS) while others hold them all, before it answers 503. Node's request
 * timeout (300 s) ends a body that has not arrived, and a waiting upload has read none of its
 * body yet: this leaves it 180 s to send it.
 */
export const UPLOAD_QUEUE_WAIT_MS = 120_000;
