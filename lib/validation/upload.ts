// Metadata a CI job may send with a log (form fields or query parameters),
// overriding what the log itself says.
import { z } from "zod";
import { dateTimeParam, INT32_MAX, integerParam } from "./params";

export const uploadMetaSchema = z
  .object({
    job: z.string().trim().min(1).max(200).optional(),
    number: integerParam(0, INT32_MAX).optional(),
    startedAt: dateTimeParam().optional(),
    url: z.url({ protocol: /^https?$/, error: "url must be an http or https URL" }).max(2000).optional(),
    filename: z.string().trim().min(1).max(255).optional(),
  })
  .strip();

export type UploadMeta = z.infer<typeof uploadMetaSchema>;

/** The metadata keys, as they appear in query strings and form fields. */
export const UPLOAD_META_KEYS = ["job", "number", "startedAt", "url", "filename"] as const;

/** Validates raw key/value pairs (empty strings count as absent). */
export function parseUploadMeta(raw: Record<string, string | undefined>): z.ZodSafeParseResult<UploadMeta> {
  const present = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined && value !== ""));
  return uploadMetaSchema.safeParse(present);
}
