// regroupOrder is the order every writer takes PostgreSQL's job locks in (uploads, deletions,
// db:prune): it must not depend on the process's locale, or a prune run from cron under another
// LANG than the server's could take two jobs' locks the other way round.
import { describe, expect, test } from "vitest";
import { regroupOrder } from "./incidents";

describe("regroupOrder", () => {
  test("the builds without a job first, then names by UTF-16 code unit, each once", () => {
    expect(regroupOrder(["b_job", "aa_job", null, "Zeta", "z_job", "éclair", "aa_job", null, "a"])).toEqual([null, "Zeta", "a", "aa_job", "b_job", "z_job", "éclair"]);
    expect(regroupOrder([])).toEqual([]);
  });

  test("the same whatever the locale: localeCompare under da_DK puts aa after z, this does not", () => {
    const names = ["z_job", "aa_job", "b_job"];
    // What the old order did where ICU knows Danish (aa is å, after z): the reason for the change.
    const danish = [...names].sort((a, b) => a.localeCompare(b, "da-DK"));
    const english = [...names].sort((a, b) => a.localeCompare(b, "en-US"));
    if (Intl.Collator.supportedLocalesOf(["da-DK"]).length > 0) expect(danish).not.toEqual(english);
    expect(regroupOrder(names)).toEqual(["aa_job", "b_job", "z_job"]);
  });
});
