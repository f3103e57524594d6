// PostgreSQL connections, the store's pool and Prisma's alike: a database that does not answer
// (hung, or behind a firewall that drops packets) fails a request in time instead of holding it,
// and an upload's transaction with it, for ever; the API then answers 503 (lib/errors.ts).

/** How long a connection may take to open. */
export const CONNECT_TIMEOUT_MS = 5_000;
/** How long any one statement may take to answer (the longest measured: ~6 s, regrouping a job of 100,000 builds). */
export const QUERY_TIMEOUT_MS = 120_000;
/**
 * The same for the server's reads through Prisma (pages, the read API, CSV exports in batches; the
 * slowest measured at 100,000 builds: ~0.2 s). Below the 60 s after which a proxy (nginx, a load
 * balancer) gives up on the server: a read on a connection gone silent then ends in the page's
 * "database cannot be reached", not the proxy's 504 (a review measured 120 s before).
 * Scripts (`db:prune`) keep QUERY_TIMEOUT_MS.
 */
export const READ_QUERY_TIMEOUT_MS = 30_000;

/**
 * The statement timeout of the process's Prisma client: READ_QUERY_TIMEOUT_MS inside the Next
 * server, else QUERY_TIMEOUT_MS. (`process.env.NEXT_RUNTIME` written out whole: Next's build
 * replaces that expression with "nodejs" in the server's code.)
 */
export function prismaQueryTimeoutMs(runtime: string | undefined = process.env.NEXT_RUNTIME): number {
  return runtime ? READ_QUERY_TIMEOUT_MS : QUERY_TIMEOUT_MS;
}
/**
 * How long an upload (or a deletion) waits for one of the instance's upload connections
 * (PG_UPLOAD_CONNECTIONS) while others hold them all, before it answers 503. Node's request
 * timeout (300 s) ends a body that has not arrived, and a waiting upload has read none of its
 * body yet: this leaves it 180 s to send it.
 */
export const UPLOAD_QUEUE_WAIT_MS = 120_000;
