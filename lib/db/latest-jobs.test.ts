// "Now, by job" past 12 jobs: the 12 whose latest builds are the latest (Build.at: the start time, else
// the upload's), listed by name. It showed
// the first 12 by name, and a dozen jobs silent since 2015 hid the ones pushing today (an
// operator's review).
import { describe, expect, test } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { rawRequest } from "@/lib/testing/api";
import { testDatabaseKinds } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";
import { JOBS_NOW_MAX, latestJobs, listJobs } from "./queries";

const run = [
  "processes sorted by queue_len desc:",
  " [{<6562.100.1>,{message_queue_len,5}},",
  "  {<6562.6042.0>,{message_queue_len,1}}]",
  "message queue len of pid <6562.100.1> : {message_queue_len,5}",
  "message in pid <6562.100.1> :",
  " []",
  "",
].join("\n");

describe.each(testDatabaseKinds())("on %s", (kind) => {
  useTestDatabase(kind, "latest-jobs");

  test("past 12 jobs, the 12 with the latest builds, by name; 12 or fewer: all, as given", async () => {
    const post = async (job: string, number: number, startedAt?: string) => {
      const query = new URLSearchParams({ job, number: String(number), filename: `${job}_${number}.log`, ...(startedAt ? { startedAt } : {}) });
      // Each its own content (the same bytes again would be a duplicate of the first).
      const response = await postLogs(rawRequest(`monitor of ${job} #${number}\n${run}`, "text/plain", { query: `?${query}` }));
      expect(response.status, await response.clone().text()).toBe(201);
    };
    // a_old_00 … a_old_11: 2015, first by name. z_new_1, z_new_2: today, last by name.
    for (let i = 0; i < 12; i++) await post(`a_old_${String(i).padStart(2, "0")}`, 1, `2015-08-${String(10 + i).padStart(2, "0")}T00:00:00Z`);
    await post("z_new_1", 1, "2026-12-01T00:00:00Z");
    // An old build and a new one: its latest counts.
    await post("z_new_2", 1, "2015-01-01T00:00:00Z");
    await post("z_new_2", 2, "2026-12-02T00:00:00Z");
    const jobs = await listJobs();
    expect(jobs).toHaveLength(14);
    const shown = await latestJobs(jobs);
    expect(shown).toHaveLength(JOBS_NOW_MAX);
    // The two oldest of 2015 (a_old_00, a_old_01) make way for the new ones.
    expect(shown).toEqual([...jobs.filter((job) => !["a_old_00", "a_old_01"].includes(job))]);
    expect(await latestJobs(jobs.slice(0, 5))).toEqual(jobs.slice(0, 5));
  });
});
