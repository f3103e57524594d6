import { checkJobFilter } from "@/lib/db/queries";
import { SimilarLinks } from "./similar-links";

/**
 * Over a list filtered by `job` (or `excludeJob`), when no stored build has that job (a typo in a shared or scripted
 * address: the lists were empty with no word, an operator's review): says so, and offers the
 * stored jobs like it. Nothing when the job exists.
 */
export async function JobHint({
  job,
  pathname,
  params,
  param = "job",
}: {
  job: string | undefined;
  pathname: string;
  params: Record<string, string | number | undefined | null>;
  /** `excludeJob`: the job left out names none, and nothing is (the API's warning says the same). */
  param?: "job" | "excludeJob";
}) {
  if (!job) return null;
  // Job and Except job naming one job leave nothing (a diff review: the page said only "No builds").
  if (param === "excludeJob" && params.job === job) {
    return (
      <p className="notice" role="status" data-testid="exclude-job-hint">
        Job and Except job both name <strong>{job}</strong>: every build of it is left out, and nothing is left.
      </p>
    );
  }
  const check = await checkJobFilter(job);
  if (check.exists) return null;
  return (
    <p className="notice" role="status" data-testid={param === "job" ? "job-hint" : "exclude-job-hint"}>
      {param === "job" ? (
        <>
          No stored build is of the job <strong>{job}</strong>: the job filter takes a job&apos;s whole name, as its builds name it.
        </>
      ) : (
        <>
          No stored build is of the job <strong>{job}</strong> to leave out: nothing is. Except job takes a job&apos;s whole name, as its builds name it.
        </>
      )}
      <SimilarLinks
        values={check.similar}
        more={check.more}
        lead={{ one: "A stored job like it:", many: "Stored jobs like it:" }}
        param={param}
        pathname={pathname}
        params={params}
        testId={param === "job" ? "job-hint-link" : "exclude-job-hint-link"}
      />
    </p>
  );
}
