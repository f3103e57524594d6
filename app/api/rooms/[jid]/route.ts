import { z } from "zod";
import { parseParams, parseQuery, unreadQueryWarnings, withWarnings } from "@/lib/api";
import { roomJidKey } from "@/lib/classify/jid";
import { getRoom, listBuilds, listIncidents } from "@/lib/db/queries";
import { AppError, errorResponse, notAllowed } from "@/lib/errors";
import { filterSchema } from "@/lib/validation/query";

export const dynamic = "force-dynamic";

export const { POST, PUT, PATCH, DELETE, OPTIONS } = notAllowed(["GET"]);

const paramsSchema = z.object({ jid: z.string().min(1).max(500) });

/** The room comes from the path; a `room` in the query would name another one. */
const querySchema = filterSchema.omit({ room: true });

/** Builds and incidents the answer holds at most, latest first; `totalBuilds`/`totalIncidents` count them all. */
const LIMIT = 100;

/**
 * GET /api/rooms/{jid}?job&from&to&class&sourceKind&pid&incident&incidentId&logId — the room's
 * summary, its incidents and its latest builds under the room page's filters. `builds` are the
 * builds it blocked unless `incident` says otherwise (`incident=false`: its healthy ones).
 */
export async function GET(request: Request, context: { params: Promise<{ jid: string }> }): Promise<Response> {
  try {
    // Next hands route handlers the segment already decoded (a malformed escape never gets
    // here: proxy.ts answers it 400); decoding again turned `%41` into `A` and threw on `50%off`.
    // Folded as stored: /api/rooms/Room@Conference.Host is the room room@conference.host.
    const jid = roomJidKey(parseParams(paramsSchema, await context.params).jid);
    const filter = { ...parseQuery(querySchema, request), room: jid };
    const room = await getRoom(jid, filter);
    if (!room) throw new AppError("not_found", `no stored build names room ${jid}`);
    const [builds, incidents] = await Promise.all([
      listBuilds({ ...filter, incident: filter.incident ?? "true", page: 1, pageSize: LIMIT, sort: "startedAt", order: "desc", format: "json" }),
      listIncidents({ ...filter, sort: "lastAt", order: "desc", page: 1, pageSize: LIMIT, format: "json" }),
    ]);
    return Response.json(
      withWarnings(
        { room, builds: builds.items, incidents: incidents.items, totalBuilds: builds.total, totalIncidents: incidents.total },
        unreadQueryWarnings(querySchema, request),
      ),
    );
  } catch (error) {
    return errorResponse(error);
  }
}
