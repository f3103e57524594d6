// Which database a DATABASE_URL names: `file:` is the embedded SQLite,
// `postgres://` / `postgresql://` a PostgreSQL server.
export type DatabaseKind = "sqlite" | "postgres";

export function databaseKind(url: string): DatabaseKind {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgres";
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL), got ${JSON.stringify(url.slice(0, 20))}`);
}
