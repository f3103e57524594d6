import { parseQuery } from "@/lib/api";
import { csvResponse, toCsv } from "@/lib/csv";
import { listBuilds } from "@/lib/db/queries";
import { errorResponse } from "@/lib/errors";
import { buildListSchema } from "@/lib/validation/query";

export const dynamic = "force-dynamic";

/** GET /api/builds?job&from&to&class&room&pid&incident&sort&order&page&pageSize&format */
export async function GET(request: Request): Promise<Response> {
  try {
    const query = parseQuery(buildListSchema, request);
    const page = await listBuilds(query);
    if (query.format === "csv") {
      return csvResponse(
        toCsv(page.items, [
          { header: "job", value: (b) => b.job },
          { header: "number", value: (b) => b.number },
          { header: "startedAt", value: (b) => b.startedAt },
          { header: "worstQueueLen", value: (b) => b.worstQueueLen },
          { header: "inspectedPid", value: (b) => b.inspectedPid },
          { header: "inspectedQueueLen", value: (b) => b.inspectedQueueLen },
          { header: "incident", value: (b) => b.incident },
          { header: "class", value: (b) => b.culprit?.class },
          { header: "subject", value: (b) => b.culprit?.subject },
          { header: "room", value: (b) => b.room },
          { header: "url", value: (b) => b.url },
          { header: "permalink", value: (b) => b.permalink },
        ]),
        "builds",
      );
    }
    return Response.json({ builds: page.items, total: page.total, page: page.page, pageSize: page.pageSize });
  } catch (error) {
    return errorResponse(error);
  }
}
