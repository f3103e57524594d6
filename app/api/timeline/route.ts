import { parseQuery } from "@/lib/api";
import { getTimeline } from "@/lib/db/queries";
import { errorResponse } from "@/lib/errors";
import { timelineSchema } from "@/lib/validation/query";

export const dynamic = "force-dynamic";

/** GET /api/timeline?job&from&to&class&sourceKind&room&pid&points — worst queue per build, at most `points` (2,000) points. */
export async function GET(request: Request): Promise<Response> {
  try {
    return Response.json(await getTimeline(parseQuery(timelineSchema, request)));
  } catch (error) {
    return errorResponse(error);
  }
}
