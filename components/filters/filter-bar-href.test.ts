import { describe, expect, it } from "vitest";
import { filterBarHref } from "./filter-bar-href";

describe("filter bar submit URL", () => {
  it("keeps the filters the bar has no field for next to the new one", () => {
    expect(filterBarHref({ pathname: "/builds", current: { incidentId: "7" }, fields: { class: "sql" } })).toBe("/builds?incidentId=7&class=sql");
    expect(
      filterBarHref({ pathname: "/incidents", current: { pid: "<0.1.0>", incident: "true", job: "a" }, fields: { job: "b" } }),
    ).toBe("/incidents?pid=%3C0.1.0%3E&incident=true&job=b");
  });

  it("replaces every field the bar has, an emptied one included", () => {
    const current = { job: "a", class: "sql", sourceKind: "etop", room: "r@conf", from: "2015-08-22T00:00:00Z", to: "2015-08-24T00:00:00Z" };
    expect(filterBarHref({ pathname: "/builds", current, fields: { job: "b" } })).toBe("/builds?job=b");
    expect(filterBarHref({ pathname: "/builds", current, fields: { job: "", class: undefined } })).toBe("/builds");
  });

  it("keeps sort, order, page size and the timeline scale, and goes back to page 1", () => {
    expect(
      filterBarHref({
        pathname: "/builds",
        current: { incidentId: "7", sort: "number", order: "asc", pageSize: "10", page: "3" },
        fields: { job: "j" },
      }),
    ).toBe("/builds?incidentId=7&sort=number&order=asc&pageSize=10&job=j");
    expect(filterBarHref({ pathname: "/", current: { scale: "log", pid: "<0.1.0>" }, fields: { class: "rpc" } })).toBe(
      "/?scale=log&pid=%3C0.1.0%3E&class=rpc",
    );
  });

  it("drops empty values and gives the bare path when nothing is left", () => {
    expect(filterBarHref({ pathname: "/rooms", current: { pageSize: undefined, pid: "" }, fields: {} })).toBe("/rooms");
  });
});
