import { z } from "zod";
import { parseParams } from "@/lib/api";
import { getRoom, listBuilds, listIncidents } from "@/lib/db/queries";
import { AppError, errorResponse, notAllowed } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const { POST, PUT, PATCH, DELETE } = notAllowed(["GET"]);

const paramsSchema = z.object({ jid: z.string().min(1).max(500) });

/** GET /api/rooms/{jid} — the room's summary, its incidents and its latest builds. */
export async function GET(_request: Request, context: { params: Promise<{ jid: string }> }): Promise<Response> {
  try {
    const { jid } = parseParams(paramsSchema, await context.params);
    const room = await getRoom(decodeURIComponent(jid));
    if (!room) throw new AppError("not_found", `no incident build names room ${jid}`);
    const [builds, incidents] = await Promise.all([
      listBuilds({ room: room.jid, page: 1, pageSize: 100, sort: "startedAt", order: "desc", format: "json", incident: "true" }),
      listIncidents({ room: room.jid, page: 1, pageSize: 100, format: "json" }),
    ]);
    return Response.json({ room, builds: builds.items, incidents: incidents.items });
  } catch (error) {
    return errorResponse(error);
  }
}
