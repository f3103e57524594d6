/** Types for pg-test-server.mjs (a throw-away PostgreSQL for tests and benchmarks). */
export function findPgBin(): string | null;
export function startPg(): Promise<{ url: string; dir: string }>;
export function stopPg(dir: string): void;
