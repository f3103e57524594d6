import { z } from "zod";
import { parseParams, parseQuery, unreadQueryWarnings, withWarnings } from "@/lib/api";
import { buildLabel, buildPathParts, type BuildPathParams } from "@/lib/db/permalink";
import { getBuild } from "@/lib/db/queries";
import { AppError, errorResponse, notAllowed } from "@/lib/errors";
import { INT32_MAX, pathIntegerParam } from "@/lib/validation/params";

export const dynamic = "force-dynamic";

export const { POST, PUT, PATCH, DELETE, OPTIONS } = notAllowed(["GET"]);

const paramsSchema = z.object({ job: z.string().min(1).max(500), number: pathIntegerParam(0, INT32_MAX) });
// Under by-id the second segment is the build's id, not a build number: answers name it so.
const idSchema = z.object({ id: pathIntegerParam(0, INT32_MAX) });
/** A build by id reads no parameter (its id names one run). */
const BY_ID_QUERY = z.object({});
/** `?attempt=N`: a re-run of the build, in plain digits as its permalink writes it (without it: the build's first stored run). */
const querySchema = z.object({ attempt: pathIntegerParam(1, INT32_MAX).optional() });

function parseId(raw: string): number {
  const parsed = idSchema.safeParse({ id: raw });
  if (!parsed.success) {
    const reason = parsed.error.issues[0]?.message ?? `must be an integer from 0 to ${INT32_MAX}`;
    throw new AppError("bad_request", `invalid path: id: ${reason}`, { issues: parsed.error.issues });
  }
  return parsed.data.id;
}

/**
 * GET /api/builds/{job}/{number} (or /api/builds/by-id/{id} for builds without a job and number).
 * A folder job's slashes may come as they are (`/api/builds/team/ejabberd-monitor/30394`, the
 * [...rest] route): every segment but the last is the job.
 */
export async function GET(request: Request, context: { params: Promise<BuildPathParams> }): Promise<Response> {
  try {
    const params = buildPathParts(await context.params);
    if (params.job === "by-id") {
      const id = parseId(params.number);
      const build = await getBuild({ id });
      if (!build) throw new AppError("not_found", `no build with id ${id}`);
      return Response.json(withWarnings({ build }, unreadQueryWarnings(BY_ID_QUERY, request)));
    }
    const { job, number } = parseParams(paramsSchema, params);
    const { attempt } = parseQuery(querySchema, request);
    const build = await getBuild({ job, number, attempt });
    if (!build) throw new AppError("not_found", `no ${buildLabel({ job, number, attempt: attempt ?? 1 })}`);
    return Response.json(withWarnings({ build }, unreadQueryWarnings(querySchema, request)));
  } catch (error) {
    return errorResponse(error);
  }
}
