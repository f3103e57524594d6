// Bearer-token checks for the API. Tokens are compared in constant time
// (hashed first, so unequal lengths do not leak through timing either).
import { createHash, timingSafeEqual } from "node:crypto";
import { AppError } from "./errors";

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/** Whether two secrets are equal, in constant time (hashed first: lengths do not leak either). */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/** True when the request carries `Authorization: Bearer <expected>`. */
export function hasBearerToken(request: Request, expected: string): boolean {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!match?.[1]) return false;
  return sameSecret(match[1], expected);
}

/**
 * Whether uploads need INGEST_TOKEN: what the pages tell the upload form (so it
 * asks for the token before sending), never the token itself.
 */
export function uploadNeedsToken(source: Record<string, string | undefined> = process.env): boolean {
  return Boolean(source.INGEST_TOKEN);
}

/**
 * What was wrong with the request's token, in words a CI job's log can act on: none sent, another
 * scheme, an empty one (the CI variable unset), the read token, or another token. Says nothing of
 * the expected token beyond which one it is; READ_TOKEN is named only to one who sent it.
 */
function tokenTrouble(request: Request, expected: string, readToken: string | undefined): string {
  const header = (request.headers.get("authorization") ?? "").trim();
  if (header === "") return "no Authorization header was sent";
  const scheme = /^(\S+)(?:\s+(.*))?$/.exec(header);
  if (scheme?.[1]?.toLowerCase() !== "bearer") {
    // Named only when it is a scheme's word followed by its credentials (`Basic czNj…`): a header that
    // is the token itself (`Authorization: $INGEST_TOKEN`, `Bearer:$TOKEN`) is never repeated, since the
    // answer lands in a CI log that masks a secret only where it appears whole.
    const word = scheme?.[1] ?? "";
    const named = scheme?.[2] !== undefined && /^[A-Za-z][A-Za-z-]{0,11}$/.test(word) ? `the ${JSON.stringify(word)} scheme` : "no scheme this endpoint knows";
    return `the Authorization header uses ${named}, not "Bearer <token>"`;
  }
  const sent = scheme[2]?.trim() ?? "";
  if (sent === "") return "the bearer token sent is empty (is the CI job's token variable set?)";
  if (readToken && sameSecret(sent, readToken)) return "the token sent is READ_TOKEN, which reads; writing needs INGEST_TOKEN";
  // HTTP drops blanks around a header's value: told to one who sent the token itself, who knows it.
  if (expected !== expected.trim() && sameSecret(sent, expected.trim())) {
    return "the token sent is INGEST_TOKEN but for the blank the server's INGEST_TOKEN starts or ends with, which no header can carry: remove the blank from the server's setting";
  }
  return "the token sent is not the one configured (INGEST_TOKEN)";
}

/** Throws 401 when a token is configured and the request does not carry it, saying what was wrong. */
export function requireToken(request: Request, expected: string | undefined, what: string, readToken: string | undefined = process.env.READ_TOKEN || undefined): void {
  if (expected === undefined) return;
  if (!hasBearerToken(request, expected)) {
    throw new AppError("unauthorized", `${what} needs the bearer token: send Authorization: Bearer <token>; ${tokenTrouble(request, expected, readToken)}`);
  }
}
