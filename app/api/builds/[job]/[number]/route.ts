import { z } from "zod";
import { parseParams } from "@/lib/api";
import { getBuild } from "@/lib/db/queries";
import { AppError, errorResponse } from "@/lib/errors";
import { INT32_MAX, integerParam } from "@/lib/validation/params";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ job: z.string().min(1).max(500), number: integerParam(0, INT32_MAX) });

/** GET /api/builds/{job}/{number} (or /api/builds/by-id/{id} for builds without a job and number). */
export async function GET(_request: Request, context: { params: Promise<{ job: string; number: string }> }): Promise<Response> {
  try {
    const { job, number } = parseParams(paramsSchema, await context.params);
    const build = await getBuild(job === "by-id" ? { id: number } : { job, number });
    if (!build) throw new AppError("not_found", `no build ${job} #${number}`);
    return Response.json({ build });
  } catch (error) {
    return errorResponse(error);
  }
}
