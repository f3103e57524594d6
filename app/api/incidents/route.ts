import { asksForPage, parseQuery } from "@/lib/api";
import { type CsvColumn, csvResponse, csvStreamResponse, toCsv } from "@/lib/csv";
import { exportIncidents, type IncidentDto, listIncidents } from "@/lib/db/queries";
import { errorResponse, notAllowed } from "@/lib/errors";
import { listSchema } from "@/lib/validation/query";

export const dynamic = "force-dynamic";

export const { POST, PUT, PATCH, DELETE } = notAllowed(["GET"]);

// Columns added later go at the end: spreadsheets and scripts read them by position.
const COLUMNS: CsvColumn<IncidentDto>[] = [
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
  { header: "id", value: (i) => i.id },
];

/**
 * GET /api/incidents?job&from&to&class&room&pid&page&pageSize&format — stuck across builds, latest
 * first, a page; as CSV without page or pageSize, every incident that matches, streamed.
 */
export async function GET(request: Request): Promise<Response> {
  try {
    const query = parseQuery(listSchema, request);
    if (query.format === "csv" && !asksForPage(request)) {
      return await csvStreamResponse({ name: "incidents", columns: COLUMNS, ...(await exportIncidents(query)) });
    }
    const page = await listIncidents(query);
    if (query.format === "csv") return csvResponse(toCsv(page.items, COLUMNS), "incidents", page.total);
    return Response.json({ incidents: page.items, total: page.total, page: page.page, pageSize: page.pageSize });
  } catch (error) {
    return errorResponse(error);
  }
}
