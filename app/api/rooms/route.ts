import { csvBom, parseQuery, unreadQueryWarnings, withWarnings } from "@/lib/api";
import { csvResponse, toCsv } from "@/lib/csv";
import { listRooms, roomFilterWarnings } from "@/lib/db/queries";
import { errorResponse, notAllowed } from "@/lib/errors";
import { roomListSchema } from "@/lib/validation/query";

export const dynamic = "force-dynamic";

export const { POST, PUT, PATCH, DELETE, OPTIONS } = notAllowed(["GET"]);

/** GET /api/rooms?job&from&to&class&pid&format — every room with the builds it blocked. */
export async function GET(request: Request): Promise<Response> {
  try {
    const { format, ...filter } = parseQuery(roomListSchema, request);
    // The room filter's check alongside the list (JSON only: a CSV answer has no place for warnings).
    const [rooms, roomWarnings] = await Promise.all([listRooms(filter), format === "csv" ? [] : roomFilterWarnings(filter.room)]);
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
    return Response.json(withWarnings({ rooms }, [...unreadQueryWarnings(roomListSchema, request), ...roomWarnings]));
  } catch (error) {
    return errorResponse(error);
  }
}
