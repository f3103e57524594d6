import { csvBom, parseQuery, unreadQueryWarnings, withWarnings } from "@/lib/api";
import { csvResponse, toCsv } from "@/lib/csv";
import { listRooms, filterWarnings } from "@/lib/db/queries";
import { errorResponse, notAllowed } from "@/lib/errors";
import { roomListSchema } from "@/lib/validation/query";

export const dynamic = "force-dynamic";

export const { POST, PUT, PATCH, DELETE, OPTIONS } = notAllowed(["GET"]);

/** GET /api/rooms?job&from&to&class&pid&format — every room with the builds it blocked. */
export async function GET(request: Request): Promise<Response> {
  try {
    const { format, ...filter } = parseQuery(roomListSchema, request);
    // The job and room filters' checks alongside the list (JSON only: a CSV answer has no place for warnings).
    const [rooms, filterNotes] = await Promise.all([listRooms(filter), format === "csv" ? [] : filterWarnings(filter)]);
    if (format === "csv") {
      return csvResponse(
        toCsv(rooms, [
          { header: "jid", value: (r) => r.jid },
          { header: "builds", value: (r) => r.builds },
          { header: "incidents", value: (r) => r.incidents },
          { header: "firstSeen", value: (r) => r.firstSeen },
          { header: "lastSeen", value: (r) => r.lastSeen },
          { header: "peakQueueLen", value: (r) => r.peakQueueLen },
        ]),
        "rooms",
        rooms.length,
        csvBom(request),
      );
    }
    return Response.json(withWarnings({ rooms }, [...unreadQueryWarnings(roomListSchema, request), ...filterNotes]));
  } catch (error) {
    return errorResponse(error);
  }
}
