// Any /api path no other route serves, /api itself included: a JSON 404 in
// the API's error shape, for every method, rather than Next's HTML not-found
// page. A catch-all is the least specific route, so every real route (POST
// /api/logs included, which stays outside the proxy) still matches first.
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

function notFound(request: Request): Response {
  const { pathname } = new URL(request.url);
  return new AppError("not_found", `no API endpoint at ${pathname}`).toResponse();
}

export const GET = notFound;
export const HEAD = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const OPTIONS = notFound;
