import { describe, expect, it } from "vitest";
import { filterBarHref, timeFieldValue, toInputValue } from "./filter-bar-href";

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

describe("filter bar time fields", () => {
  // A chart zoom's range: its `to` is the last build + 1 ms, finer than the field's minutes.
  const from = "2015-09-01T00:06:00.007Z";
  const to = "2015-09-01T00:18:00.008Z";

  it("shows a URL time as its minute in UTC, a date as its midnight", () => {
    expect(toInputValue(to)).toBe("2015-09-01T00:18");
    expect(toInputValue("2015-09-01T08:18:00+08:00")).toBe("2015-09-01T00:18");
    expect(toInputValue("2015-08-25")).toBe("2015-08-25T00:00");
    expect(toInputValue(undefined)).toBe("");
  });

  it("a field left as shown submits the URL's exact value, not its minute", () => {
    expect(timeFieldValue({ input: toInputValue(from), current: from })).toBe(from);
    expect(timeFieldValue({ input: toInputValue(to), current: to })).toBe(to);
    // Written with an offset, or as a date: kept as written too.
    expect(timeFieldValue({ input: "2015-09-01T00:18", current: "2015-09-01T08:18:00.5+08:00" })).toBe("2015-09-01T08:18:00.5+08:00");
    expect(timeFieldValue({ input: "2015-08-25T00:00", current: "2015-08-25" })).toBe("2015-08-25");
    expect(timeFieldValue({ input: "", current: undefined })).toBeUndefined();
  });

  it("an edited field submits its minute in UTC, an emptied one nothing", () => {
    expect(timeFieldValue({ input: "2015-09-01T00:30", current: to })).toBe("2015-09-01T00:30:00Z");
    expect(timeFieldValue({ input: "2015-09-01T00:30", current: undefined })).toBe("2015-09-01T00:30:00Z");
    expect(timeFieldValue({ input: "", current: to })).toBeUndefined();
  });

  it("in the offset the pages show (DISPLAY_UTC_OFFSET): shown and submitted in it, the same instants", () => {
    expect(toInputValue(to, "+08:00")).toBe("2015-09-01T08:18");
    expect(toInputValue("2015-08-25", "+08:00")).toBe("2015-08-25T08:00");
    expect(toInputValue("2015-09-01T00:10:00Z", "-05:30")).toBe("2015-08-31T18:40");
    expect(timeFieldValue({ input: toInputValue(to, "+08:00"), current: to, offset: "+08:00" })).toBe(to);
    const edited = timeFieldValue({ input: "2015-09-01T08:30", current: to, offset: "+08:00" });
    expect(edited).toBe("2015-09-01T08:30:00+08:00");
    expect(new Date(edited!).toISOString()).toBe("2015-09-01T00:30:00.000Z");
  });

  it("through the submit URL, an untouched range keeps its milliseconds next to a changed filter", () => {
    const fields = {
      job: "j",
      class: "muc_room",
      from: timeFieldValue({ input: toInputValue(from), current: from }),
      to: timeFieldValue({ input: toInputValue(to), current: to }),
    };
    expect(filterBarHref({ pathname: "/builds", current: { job: "j", from, to }, fields })).toBe(
      `/builds?job=j&class=muc_room&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    );
  });
});
