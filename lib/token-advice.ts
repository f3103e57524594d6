// ## What `npm start` says about the tokens it was given
//
// Settings the server takes but that do not protect what the operator meant to protect: said once,
// at start, as warnings (the server still starts: each of these works as configured). Pure, so the
// tests need no server.

/** Shorter than this, a token can be guessed: nothing limits how often a client may try one. */
export const SHORT_TOKEN = 16;

type Tokens = { INGEST_TOKEN?: string; READ_TOKEN?: string; [name: string]: string | undefined };

/** One line per thing to fix, each naming the variable; empty when the tokens are fine (or unset). */
export function tokenWarnings(env: Tokens): string[] {
  const warnings: string[] = [];
  const ingest = env.INGEST_TOKEN || undefined;
  const read = env.READ_TOKEN || undefined;
  if (read !== undefined && ingest === undefined) {
    // README "Uploading from the browser": what stays open.
    warnings.push("READ_TOKEN is set without INGEST_TOKEN: anyone who reaches the server can upload, and an upload's answer says what is stored (set INGEST_TOKEN too)");
  }
  if (read !== undefined && ingest !== undefined && read === ingest) {
    warnings.push("READ_TOKEN and INGEST_TOKEN are the same: whoever may read may also upload and delete logs (give INGEST_TOKEN a value of its own)");
  }
  for (const [name, token] of [["INGEST_TOKEN", ingest], ["READ_TOKEN", read]] as const) {
    if (token === undefined) continue;
    // HTTP drops blanks around a header's value, so `Authorization: Bearer <token>` can never carry them.
    if (token !== token.trim()) {
      warnings.push(`${name} starts or ends with a blank, which no Authorization header can carry: every bearer token sent will be refused (remove the blank)`);
    }
    if (token.length < SHORT_TOKEN) {
      warnings.push(`${name} is ${token.length} characters long: nothing limits how many tokens a client may try, so use ${SHORT_TOKEN} or more (e.g. \`openssl rand -hex 32\`)`);
    }
  }
  return warnings;
}
