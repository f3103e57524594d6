// Metadata a CI job may send with a log (form fields or query parameters),
// overriding what the log itself says.
import { z } from "zod";
import { JOB_NAME_BAD_CHARS, MAX_FILE_NAME } from "../file-name";
import { dateTimeParam, INT32_MAX, integerParam, utcOffsetParam } from "./params";

export { JOB_NAME_BAD_CHARS, safeFileName } from "../file-name";

/** Why `job` cannot name a CI job, or null: what the upload's metadata and the ingest both check. */
export function jobNameProblem(job: string): string | null {
  if (job.length > MAX_JOB_LENGTH) return `job name is ${job.length} characters long, longer than the ${MAX_JOB_LENGTH} a job name is stored with`;
  if (job === "." || job === "..") return `job ${JSON.stringify(job)} cannot be a path segment of the build's link`;
  if (JOB_NAME_BAD_CHARS.test(job)) return `job ${JSON.stringify(job)} holds a control or text-direction character`;
  return null;
}

/**
 * The longest job name stored, from a form field or a log's `JOB_NAME=` alike: it is indexed with
 * the build number and, in incidents, with a room JID or pid, and PostgreSQL refuses an index entry
 * of more than 2,704 bytes (a 6,000-character job failed every upload of its log there).
 */
export const MAX_JOB_LENGTH = 200;

export const uploadMetaSchema = z
  .object({
    job: z
      .string()
      .trim()
      .min(1)
      // (The length too: jobNameProblem says it once, with the number.)
      .superRefine((job, ctx) => {
        const problem = jobNameProblem(job);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .optional(),
    number: integerParam(0, INT32_MAX).optional(),
    /**
     * Which run of the build this is, for CI that runs a build again under its number (GitHub
     * Actions' re-runs: `$GITHUB_RUN_ATTEMPT`): 1 by default. `next`: one more than the latest
     * attempt stored for the build (1 when none is), for CI with no such counter (GitLab's retries).
     */
    attempt: z.union([z.literal("next"), integerParam(1, INT32_MAX)], { error: `must be an integer from 1 to ${INT32_MAX}, or next` }).optional(),
    startedAt: dateTimeParam().optional(),
    url: z.url({ protocol: /^https?$/, error: "url must be an http or https URL" }).max(2000).optional(),
    // Named in every `file:line:column` and the logs list: a newline would split those lines.
    filename: z
      .string()
      .trim()
      .min(1)
      .max(MAX_FILE_NAME)
      .refine((name) => !JOB_NAME_BAD_CHARS.test(name), { error: "filename holds a control or text-direction character" })
      .optional(),
    /** The offset of times the log prints without a zone (the CI host's clock); LOG_UTC_OFFSET by default. */
    utcOffset: utcOffsetParam().optional(),
  })
  .strip();

export type UploadMeta = z.infer<typeof uploadMetaSchema>;

/** The metadata keys, as they appear in query strings and form fields. */
export const UPLOAD_META_KEYS = ["job", "number", "attempt", "startedAt", "url", "filename", "utcOffset"] as const;

/** Validates raw key/value pairs (empty strings count as absent). */
export function parseUploadMeta(raw: Record<string, string | undefined>): z.ZodSafeParseResult<UploadMeta> {
  const present = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined && value !== ""));
  return uploadMetaSchema.safeParse(present);
}
