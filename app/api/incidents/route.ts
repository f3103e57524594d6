import { listResponse, parseQuery, unreadQueryWarnings } from "@/lib/api";
import type { CsvColumn } from "@/lib/csv";
import { exportIncidents, type IncidentDto, listIncidents, filterWarnings } from "@/lib/db/queries";
import { errorResponse, notAllowed } from "@/lib/errors";
import { absoluteLink, linkOrigin } from "@/lib/host-check";
import { incidentListSchema } from "@/lib/validation/query";

export const dynamic = "force-dynamic";

export const { POST, PUT, PATCH, DELETE, OPTIONS } = notAllowed(["GET"]);

// Columns added later go at the end: spreadsheets and scripts read them by position.
// `origin`: the dashboard's, for the first and last builds as links a spreadsheet can follow (lib/host-check.ts).
const columns = (origin: string | null): CsvColumn<IncidentDto>[] => [
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
  { header: "keyKind", value: (i) => i.keyKind },
  { header: "room", value: (i) => i.room },
  { header: "absoluteFirstBuild", value: (i) => absoluteLink(origin, i.firstBuild.permalink) },
  { header: "absoluteLastBuild", value: (i) => absoluteLink(origin, i.lastBuild.permalink) },
  // The stuck process's pids (a room's: what the seed's reader followed), space-separated.
  { header: "pids", value: (i) => i.pids.join(" ") },
  { header: "provisional", value: (i) => i.provisional },
  // The last build its process was present in (lower in the top list after its last culprit build, perhaps), and when.
  { header: "lastSeenAt", value: (i) => i.lastSeenAt },
  { header: "lastSeenBuild", value: (i) => i.lastSeenBuild?.permalink ?? null },
  { header: "absoluteLastSeenBuild", value: (i) => (i.lastSeenBuild ? absoluteLink(origin, i.lastSeenBuild.permalink) : null) },
  // Still going on at its job's latest build (the JSON's `ongoing`).
  { header: "ongoing", value: (i) => i.ongoing },
  // The build that gave peakQueueLen, and which queue it is there (inspected, died: its top list's, topList).
  { header: "peakBuild", value: (i) => i.peakBuild?.permalink ?? null },
  { header: "absolutePeakBuild", value: (i) => (i.peakBuild ? absoluteLink(origin, i.peakBuild.permalink) : null) },
  { header: "peakFrom", value: (i) => i.peakFrom },
];

/**
 * GET /api/incidents?job&from&to&class&room&pid&ongoing&sort&order&page&pageSize&format — stuck across
 * builds, latest first unless `sort` (lastAt, firstAt, peakQueueLen, buildCount, durationMs) and `order` say
 * otherwise, a page; as CSV without page or pageSize, every incident that matches, streamed.
 */
export async function GET(request: Request): Promise<Response> {
  try {
    const query = parseQuery(incidentListSchema, request);
    return await listResponse({
      request,
      format: query.format,
      name: "incidents",
      key: "incidents",
      columns: columns(query.format === "csv" ? linkOrigin(request) : null),
      page: () => listIncidents(query),
      all: () => exportIncidents(query),
      // (A CSV answer has no place for warnings: the room is looked up for JSON only.)
      warnings: [...unreadQueryWarnings(incidentListSchema, request), ...(query.format === "csv" ? [] : await filterWarnings(query))],
    });
  } catch (error) {
    return errorResponse(error);
  }
}
