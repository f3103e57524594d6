import { getTotals } from "@/lib/db/queries";
import { notAllowed } from "@/lib/errors";
import { mayRead } from "@/lib/read-access";

export const dynamic = "force-dynamic";

export const { POST, PUT, PATCH, DELETE, OPTIONS } = notAllowed(["GET"]);

/** A database slower than this to answer is as good as down for a load balancer's check. */
const HEALTH_TIMEOUT_MS = 3_000;

/**
 * Liveness plus a real query, so a server without its database is not "healthy".
 * Open to load balancers whatever READ_TOKEN says (proxy.ts lets it through), so
 * with READ_TOKEN set the build count needs the token: without it, the status alone.
 */
export async function GET(request: Request): Promise<Response> {
  try {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the database did not answer within ${HEALTH_TIMEOUT_MS} ms`)), HEALTH_TIMEOUT_MS);
    });
    const totals = await Promise.race([getTotals(), late]).finally(() => clearTimeout(timer));
    return Response.json(mayRead(request) ? { ok: true, builds: totals.builds } : { ok: true });
  } catch (error) {
    console.error("health check failed", error);
    return Response.json({ ok: false }, { status: 503 });
  }
}
