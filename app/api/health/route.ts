import { getTotals } from "@/lib/db/queries";
import { notAllowed } from "@/lib/errors";
import { mayRead } from "@/lib/read-access";

export const dynamic = "force-dynamic";

export const { POST, PUT, PATCH, DELETE, OPTIONS } = notAllowed(["GET"]);

/**
 * Liveness plus a real query, so a server without its database is not "healthy".
 * Open to load balancers whatever READ_TOKEN says (proxy.ts lets it through), so
 * with READ_TOKEN set the build count needs the token: without it, the status alone.
 */
export async function GET(request: Request): Promise<Response> {
  try {
    const totals = await getTotals();
    return Response.json(mayRead(request) ? { ok: true, builds: totals.builds } : { ok: true });
  } catch (error) {
    console.error("health check failed", error);
    return Response.json({ ok: false }, { status: 503 });
  }
}
