// What the scripts print of DATABASE_URL: never its user and password (a diff review: a password
// with an unencoded `@`, which node-postgres accepts, was shown from its second `@` on).
import { describe, expect, test } from "vitest";
import { shownDatabaseUrl } from "./env";

describe("shownDatabaseUrl", () => {
  test.each([
    ["postgres://dash:s3cret@db.example.org:5432/mqdash", "postgres://…@db.example.org:5432/mqdash"],
    ["postgres://r37:p@sX@127.0.0.1:3733/r37db", "postgres://…@127.0.0.1:3733/r37db"],
    ["postgres://r:p/ss@host/db", "postgres://…@host/db"],
    ["postgres://host/db?options=a@b", "postgres://host/db?options=a@b"],
    ["postgres://u:p@host/db?application_name=x@y", "postgres://…@host/db?application_name=x@y"],
    ["postgres://host:5432/db", "postgres://host:5432/db"],
    ["file:./data/dashboard.db", "file:./data/dashboard.db"],
  ])("%s", (url, shown) => {
    expect(shownDatabaseUrl(url)).toBe(shown);
  });
});
