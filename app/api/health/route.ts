import { getTotals } from "@/lib/db/queries";
import { notAllowed } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const { POST, PUT, PATCH, DELETE, OPTIONS } = notAllowed(["GET"]);

/** Liveness plus a real query, so a server without its database is not "healthy". */
export async function GET(): Promise<Response> {
  try {
    const totals = await getTotals();
    return Response.json({ ok: true, builds: totals.builds });
  } catch (error) {
    console.error("health check failed", error);
    return Response.json({ ok: false }, { status: 503 });
  }
}
