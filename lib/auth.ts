// Bearer-token checks for the API. Tokens are compared in constant time
// (hashed first, so unequal lengths do not leak through timing either).
import { createHash, timingSafeEqual } from "node:crypto";
import { AppError } from "./errors";

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/** True when the request carries `Authorization: Bearer <expected>`. */
export function hasBearerToken(request: Request, expected: string): boolean {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!match?.[1]) return false;
  return timingSafeEqual(digest(match[1]), digest(expected));
}

/**
 * Whether uploads need INGEST_TOKEN: what the pages tell the upload form (so it
 * asks for the token before sending), never the token itself.
 */
export function uploadNeedsToken(source: Record<string, string | undefined> = process.env): boolean {
  return Boolean(source.INGEST_TOKEN);
}

/** Throws 401 when a token is configured and the request does not carry it. */
export function requireToken(request: Request, expected: string | undefined, what: string): void {
  if (expected === undefined) return;
  if (!hasBearerToken(request, expected)) {
    throw new AppError("unauthorized", `${what} needs the bearer token: send Authorization: Bearer <token>`);
  }
}
