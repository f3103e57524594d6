// ## One error type at the API edge
//
// Route handlers throw or return an AppError; `toResponse()` turns it into the
// JSON answer with the right status. Anything else reaching the edge is logged
// in full on the server and answered with a generic 500.

export type ErrorCode =
  | "bad_request"
  | "unauthorized"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "unprocessable"
  | "internal";

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  internal: 500,
};

/**
 * What every 401 carries (RFC 6750 §3; RFC 9110 §11.6.1 requires the header on a 401): the
 * scheme the API takes, `Authorization: Bearer <token>`.
 */
export const WWW_AUTHENTICATE = 'Bearer realm="mailbox-dashboard"';

/** Where in an uploaded file something went wrong (1-based line and column). */
export type ErrorLocation = { file?: string; line?: number; column?: number };

export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorLocation & Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "AppError";
    this.status = STATUS[code];
  }

  toJSON(): { error: { code: ErrorCode; message: string } & Record<string, unknown> } {
    return { error: { code: this.code, message: this.message, ...this.details } };
  }

  toResponse(headers?: HeadersInit): Response {
    const all = new Headers(headers);
    if (this.status === 401 && !all.has("www-authenticate")) all.set("www-authenticate", WWW_AUTHENTICATE);
    return Response.json(this.toJSON(), { status: this.status, headers: all });
  }
}

/** Answers an error thrown anywhere below a route handler. */
export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) return error.toResponse();
  console.error("unexpected error", error);
  return new AppError("internal", "Internal error; the server log has the details.").toResponse();
}

/**
 * The `Allow` header of a route serving `allowed`: Next answers HEAD through
 * GET, and OPTIONS through `notAllowed()` below.
 */
export function allowHeader(allowed: readonly string[]): string {
  return [...allowed, ...(allowed.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
}

/**
 * Handlers for the methods a route does not serve: a JSON 405 naming the ones
 * it does (and an `Allow` header), where Next would answer an empty 405; and
 * OPTIONS, a 204 with the same `Allow`. Next's automatic OPTIONS would list
 * every handler the module exports, these 405 ones included.
 * Spread into a route module: `export const { POST, PUT, PATCH, DELETE, OPTIONS } = notAllowed(["GET"])`.
 */
export function notAllowed(
  allowed: readonly string[],
): Record<"GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE", (request: Request) => Response> & { OPTIONS: () => Response } {
  const allow = allowHeader(allowed);
  const handler = (request: Request) =>
    new AppError("method_not_allowed", `${request.method} ${new URL(request.url).pathname}: this endpoint answers ${allowed.join(" and ")}`, {
      allowed: [...allowed],
    }).toResponse({ allow });
  const options = () => new Response(null, { status: 204, headers: { allow } });
  // GET and HEAD only for a route that serves neither (Next answers HEAD through GET where there is one).
  return { GET: handler, HEAD: handler, POST: handler, PUT: handler, PATCH: handler, DELETE: handler, OPTIONS: options };
}
