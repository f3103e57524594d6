import { parseQuery } from "@/lib/api";
import { csvResponse, toCsv } from "@/lib/csv";
import { listIncidents } from "@/lib/db/queries";
import { errorResponse } from "@/lib/errors";
import { listSchema } from "@/lib/validation/query";

export const dynamic = "force-dynamic";

/** GET /api/incidents?job&from&to&class&room&pid&page&pageSize&format — stuck across builds, latest first. */
export async function GET(request: Request): Promise<Response> {
  try {
    const query = parseQuery(listSchema, request);
    const page = await listIncidents(query);
    if (query.format === "csv") {
      return csvResponse(
        toCsv(page.items, [
          { header: "job", value: (i) => i.job },
          { header: "key", value: (i) => i.key },
          { header: "class", value: (i) => i.culpritClass },
          { header: "subject", value: (i) => i.subject },
          { header: "firstAt", value: (i) => i.firstAt },
          { header: "lastAt", value: (i) => i.lastAt },
          { header: "durationMs", value: (i) => i.durationMs },
          { header: "buildCount", value: (i) => i.buildCount },
          { header: "peakQueueLen", value: (i) => i.peakQueueLen },
          { header: "firstBuild", value: (i) => i.firstBuild.permalink },
          { header: "lastBuild", value: (i) => i.lastBuild.permalink },
        ]),
        "incidents",
      );
    }
    return Response.json({ incidents: page.items, total: page.total, page: page.page, pageSize: page.pageSize });
  } catch (error) {
    return errorResponse(error);
  }
}
