// The build pages take the number (or id) from the URL: one past what the
// columns hold names no build; PostgreSQL refused it in the query, a 500.
import { describe, expect, test } from "vitest";
import { generateMetadata as byIdMetadata } from "@/app/builds/by-id/[id]/page";
import { generateMetadata as byNumberMetadata } from "@/app/builds/[job]/[number]/page";
import { testDatabaseKinds } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";

describe.each(testDatabaseKinds())("build pages with numbers past the columns' range, on %s", (kind) => {
  useTestDatabase(kind, "build-pages");

  test.each(["2147483648", "3000000000", "9999999999"])("/builds/job/%s and /builds/by-id/%s are not found", async (n) => {
    expect(await byNumberMetadata({ params: Promise.resolve({ job: "ProductCI", number: n }) })).toEqual({ title: "Build not found" });
    expect(await byIdMetadata({ params: Promise.resolve({ id: n }) })).toEqual({ title: "Build not found" });
  });
});
