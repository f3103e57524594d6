import { describe, expect, test } from "vitest";
import { currentSection } from "./main-nav";

describe("the section a page is in", () => {
  test.each([
    ["/", "/"],
    ["/builds", "/builds"],
    ["/builds/ProductCI/27044", "/builds"],
    ["/builds/by-id/7", "/builds"],
    ["/rooms/a%40b", "/rooms"],
    ["/incidents", "/incidents"],
    ["/logs", "/logs"],
    ["/upload", "/upload"],
  ])("%s is in %s", (path, section) => {
    expect(currentSection(path)).toBe(section);
  });

  test("a path of no section marks none; a prefix that is not a segment is no section", () => {
    expect(currentSection("/nope")).toBeNull();
    expect(currentSection("/buildsx")).toBeNull();
  });
});
