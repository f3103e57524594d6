import { checkJobFilter } from "@/lib/db/queries";
import { SimilarLinks } from "./similar-links";

/**
 * Over a list filtered by `job`, when no stored build has that job (a typo in a shared or scripted
 * address: the lists were empty with no word, an operator's review): says so, and offers the
 * stored jobs like it. Nothing when the job exists.
 */
export async function JobHint({ job, pathname, params }: { job: string | undefined; pathname: string; params: Record<string, string | number | undefined | null> }) {
  if (!job) return null;
  const check = await checkJobFilter(job);
  if (check.exists) return null;
  return (
    <p className="notice" role="status" data-testid="job-hint">
      No stored build is of the job <strong>{job}</strong>: the job filter takes a job&apos;s whole name, as its builds name it.
      <SimilarLinks
        values={check.similar}
        more={check.more}
        lead={{ one: "A stored job like it:", many: "Stored jobs like it:" }}
        param="job"
        pathname={pathname}
        params={params}
        testId="job-hint-link"
      />
    </p>
  );
}
