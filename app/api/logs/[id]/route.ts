// DELETE /api/logs/{id} — deletes an uploaded log (an id from GET /api/logs) with its builds, their
// top lists and samples, and regroups the incidents of its jobs. See README "Deleting a log".
import { z } from "zod";
import { parseParams } from "@/lib/api";
import { requireToken } from "@/lib/auth";
import { refuseCrossSite } from "@/lib/cross-site";
import { deleteUploadedLog } from "@/lib/db/delete-log";
import { readEnv } from "@/lib/env";
import { AppError, errorResponse, notAllowed } from "@/lib/errors";
import { mayRead } from "@/lib/read-access";
import { INT32_MAX, pathIntegerParam } from "@/lib/validation/params";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const { GET, HEAD, POST, PUT, PATCH, OPTIONS } = notAllowed(["DELETE"]);

const paramsSchema = z.object({ id: pathIntegerParam(1, INT32_MAX) });

export async function DELETE(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const env = readEnv();
    refuseCrossSite(request, "deleting a log");
    // A write: the upload token when there is one. Without it, whoever may read may delete (as
    // whoever reaches the server may upload); the proxy lets this through so that a CI script
    // holding INGEST_TOKEN alone can delete what it uploaded.
    if (env.INGEST_TOKEN) requireToken(request, env.INGEST_TOKEN, "deleting a log");
    else if (!mayRead(request)) throw new AppError("unauthorized", "deleting a log needs the read token: Authorization: Bearer <token>");
    const { id } = parseParams(paramsSchema, await context.params);
    const deleted = await deleteUploadedLog(id, env.INCIDENT_THRESHOLD);
    return Response.json({ deleted });
  } catch (error) {
    return errorResponse(error, "deleted");
  }
}
