// The .env files `next start` reads (.env.production.local, .env.local, .env.production, .env in
// the project folder; the environment wins over them), read by the scripts that act on what the
// server uses: npm start, db:migrate, db:prune, analyze (its threshold and log offset). Without
// it, a DATABASE_URL set in .env reached the server alone, and the scripts used the defaults.
import nextEnv from "@next/env"; // CommonJS: its names are not static exports

export function loadDotEnv(dir: string = process.cwd()): void {
  nextEnv.loadEnvConfig(dir, false, { info: () => {}, error: (...args: unknown[]) => console.error(...args) });
}
