import { describe, expect, it } from "vitest";
import { buildListSchema, filterSchema, incidentListSchema, logListSchema } from "@/lib/validation/query";
import { filterValues, parseSearchParams } from "./parse-search-params";

describe("page URLs → filters", () => {
  it("a date-only `to` in a page URL takes in that day; the links and the filter bar carry it as that exact end", () => {
    const { query, ignored } = parseSearchParams(buildListSchema, { from: "2015-08-25", to: "2015-08-25" });
    expect(ignored).toEqual([]);
    expect(filterValues(query)).toEqual({ from: "2015-08-25", to: "2015-08-26T00:00:00.000Z" });
    // A zoomed chart's link keeps its instants.
    const zoomed = parseSearchParams(filterSchema, { from: "2015-08-25T03:28:00.000Z", to: "2015-08-25T08:16:00.001Z" });
    expect(filterValues(zoomed.query)).toEqual({ from: "2015-08-25T03:28:00.000Z", to: "2015-08-25T08:16:00.001Z" });
    // A bad date is left out and named, as any other bad value.
    expect(parseSearchParams(filterSchema, { from: "notadate", to: "2015-08-25" })).toEqual({
      query: { to: "2015-08-26T00:00:00.000Z" },
      ignored: ["from"],
      unread: [],
    });
  });

  it("a pid in a page URL, however spelled, is carried by the links and the filter bar as stored (<A.B.C>)", () => {
    for (const pid of ["6562.783.478", "#PID<6562.783.478>", " <6562.783.478> "]) {
      const { query, ignored } = parseSearchParams(buildListSchema, { pid, job: "ProductCI" });
      expect(ignored, pid).toEqual([]);
      expect(filterValues(query), pid).toEqual({ job: "ProductCI", pid: "<6562.783.478>" });
    }
    // Not a pid: left out and named, not a filter that silently finds nothing.
    expect(parseSearchParams(filterSchema, { pid: "x y", job: "ProductCI" })).toEqual({ query: { job: "ProductCI" }, ignored: ["pid"], unread: [] });
  });
});

describe("parameters a page does not read at all", () => {
  it("are named, with the filter each may have meant; the timeline's view, the token and the CSV's bom are read", () => {
    const { query, unread } = parseSearchParams(incidentListSchema, { rooms: "a@conference.x", Job: "ci", zzz: "1", scale: "log", axis: "builds", token: "t", bom: "1", job: "ci", classes: "sql" });
    expect(unread).toEqual([{ name: "rooms", meant: "room" }, { name: "Job", meant: "job" }, { name: "zzz" }, { name: "classes", meant: "class" }]);
    // (And what it reads is applied as ever.)
    expect(query).toMatchObject({ job: "ci" });
    for (const schema of [filterSchema, buildListSchema, incidentListSchema, logListSchema]) {
      expect(parseSearchParams(schema, { nope: "1" }).unread).toEqual([{ name: "nope" }]);
      expect(parseSearchParams(schema, {}).unread).toEqual([]);
    }
  });
});
