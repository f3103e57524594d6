// POST /api/logs — upload one or several console logs (multipart form data,
// or the log itself as text/plain or gzip). See README "Pushing logs from CI".
import { requireToken } from "@/lib/auth";
import { ingestUpload } from "@/lib/db/ingest";
import { readEnv } from "@/lib/env";
import { AppError, errorResponse } from "@/lib/errors";
import { readUploadRequest } from "@/lib/upload/read-request";
import { parseUploadMeta, UPLOAD_META_KEYS, type UploadMeta } from "@/lib/validation/upload";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

function validMeta(raw: Record<string, string | undefined>, where: string): UploadMeta {
  const parsed = parseUploadMeta(raw);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new AppError("bad_request", `invalid ${where}: ${detail}`, { issues: parsed.error.issues });
  }
  return parsed.data;
}

export async function POST(request: Request): Promise<Response> {
  try {
    const env = readEnv();
    requireToken(request, env.INGEST_TOKEN, "uploading logs");
    const query = new URL(request.url).searchParams;
    const meta = validMeta(Object.fromEntries(UPLOAD_META_KEYS.map((key) => [key, query.get(key) ?? undefined])), "query parameters");
    const upload = readUploadRequest(request, { limit: env.MAX_UPLOAD_BYTES, defaultName: meta.filename ?? "upload.log" });
    const logs = await ingestUpload({
      files: upload.files,
      meta,
      fieldsSoFar: () => validMeta(upload.fields, "form fields"),
      threshold: env.INCIDENT_THRESHOLD,
    });
    const stored = logs.some((log) => !log.duplicate);
    return Response.json({ logs, builds: logs.flatMap((log) => log.builds) }, { status: stored ? 201 : 200 });
  } catch (error) {
    return errorResponse(error);
  }
}
