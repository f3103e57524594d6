import { listResponse, parseQuery, unreadQueryWarnings } from "@/lib/api";
import type { CsvColumn } from "@/lib/csv";
import { type BuildSummary, exportBuilds, listBuilds, filterWarnings } from "@/lib/db/queries";
import { errorResponse, notAllowed } from "@/lib/errors";
import { absoluteLink, linkOrigin } from "@/lib/host-check";
import { buildListSchema } from "@/lib/validation/query";

export const dynamic = "force-dynamic";

export const { POST, PUT, PATCH, DELETE, OPTIONS } = notAllowed(["GET"]);

// Columns added later go at the end: spreadsheets and scripts read them by position.
// `origin`: the dashboard's, for the permalink as a link a spreadsheet can follow (lib/host-check.ts).
const columns = (origin: string | null): CsvColumn<BuildSummary>[] => [
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
  { header: "id", value: (b) => b.id },
  { header: "sourceKind", value: (b) => b.sourceKind },
  { header: "node", value: (b) => b.node },
  { header: "dead", value: (b) => b.dead },
  { header: "killedCount", value: (b) => b.killedCount },
  { header: "service", value: (b) => (b.culprit ? b.culprit.service : null) },
  { header: "attempt", value: (b) => b.attempt },
  { header: "absolutePermalink", value: (b) => absoluteLink(origin, b.permalink) },
  // The class of its incident: an incident build that inspected no process (no `class`) is listed under it.
  { header: "incidentClass", value: (b) => b.incidentClass },
  { header: "topPid", value: (b) => b.topPid },
];

/**
 * GET /api/builds?job&from&to&class&room&pid&incident&sort&order&page&pageSize&format — a page;
 * as CSV without page or pageSize, every build that matches, streamed.
 */
export async function GET(request: Request): Promise<Response> {
  try {
    const query = parseQuery(buildListSchema, request);
    return await listResponse({
      request,
      format: query.format,
      name: "builds",
      key: "builds",
      columns: columns(query.format === "csv" ? linkOrigin(request) : null),
      page: () => listBuilds(query),
      all: () => exportBuilds(query),
      // (A CSV answer has no place for warnings: the room is looked up for JSON only.)
      warnings: [...unreadQueryWarnings(buildListSchema, request), ...(query.format === "csv" ? [] : await filterWarnings(query))],
    });
  } catch (error) {
    return errorResponse(error);
  }
}
