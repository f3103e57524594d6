// `npm run db:prune --dry-run`, without `--`: npm takes the flag for itself (npm_config_dry_run),
// the script never sees it, and it would have written what was asked to be only counted (a
// review, 2026-12-07). The scripts that write (db:prune, db:reclassify) refuse to run then.

/** The refusal for script `name` when npm took `--dry-run` for itself, else null. */
export function npmTookDryRun(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  return env.npm_config_dry_run === "true" ? `${name}: npm took --dry-run for itself: write \`npm run ${name} -- --dry-run\` (nothing was done)` : null;
}
