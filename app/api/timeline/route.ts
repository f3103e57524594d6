import { csvBom, parseQuery, unreadQueryWarnings, withWarnings } from "@/lib/api";
import { csvResponse, toCsv, type CsvColumn } from "@/lib/csv";
import { getTimeline, type TimelinePoint, filterWarnings } from "@/lib/db/queries";
import { errorResponse, notAllowed } from "@/lib/errors";
import { absoluteLink, linkOrigin } from "@/lib/host-check";
import { timelineSchema } from "@/lib/validation/query";

export const dynamic = "force-dynamic";

export const { POST, PUT, PATCH, DELETE, OPTIONS } = notAllowed(["GET"]);

/**
 * The points as the chart plots them, oldest first; `X-Total-Count` is how many builds match (the points may be fewer).
 * `origin`: the dashboard's, for the permalink as a link a spreadsheet can follow (lib/host-check.ts).
 */
const columns = (origin: string | null): CsvColumn<TimelinePoint>[] => [
  { header: "at", value: (p) => p.at },
  { header: "queueLen", value: (p) => p.queueLen },
  { header: "job", value: (p) => p.job },
  { header: "number", value: (p) => p.number },
  { header: "culpritClass", value: (p) => p.culpritClass },
  { header: "pid", value: (p) => p.pid },
  { header: "subject", value: (p) => p.subject },
  { header: "sourceKind", value: (p) => p.sourceKind },
  { header: "node", value: (p) => p.node },
  { header: "id", value: (p) => p.id },
  { header: "permalink", value: (p) => p.permalink },
  // Appended (the columns before it keep their places): whether the build reached the threshold.
  { header: "incident", value: (p) => p.incident },
  { header: "attempt", value: (p) => p.attempt },
  { header: "absolutePermalink", value: (p) => absoluteLink(origin, p.permalink) },
  { header: "incidentClass", value: (p) => p.incidentClass },
  // When the log says the build started, empty when it gives no time (`at` is then the upload's): a CI
  // review could not tell a build placed at its upload from one that ran then.
  { header: "startedAt", value: (p) => p.startedAt },
];

/** GET /api/timeline?job&from&to&class&sourceKind&room&pid&points&format — worst queue per build, at most `points` (2,000) points. */
export async function GET(request: Request): Promise<Response> {
  try {
    const { format, ...query } = parseQuery(timelineSchema, request);
    // The job and room filters' checks alongside the points (JSON only: a CSV answer has no place for warnings).
    const [timeline, filterNotes] = await Promise.all([getTimeline(query), format === "csv" ? [] : filterWarnings(query)]);
    if (format === "csv") return csvResponse(toCsv(timeline.points, columns(linkOrigin(request))), "timeline", timeline.total, csvBom(request));
    return Response.json(withWarnings(timeline, [...unreadQueryWarnings(timelineSchema, request), ...filterNotes]));
  } catch (error) {
    return errorResponse(error);
  }
}
