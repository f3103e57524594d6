import { describe, expect, it } from "vitest";
import { activeRowIndex } from "./active-index";

describe("activeRowIndex", () => {
  it("the row recharts names while its tooltip shows one", () => {
    expect(activeRowIndex({ activeIndex: 0, isTooltipActive: true }, 3)).toBe(0);
    expect(activeRowIndex({ activeIndex: "2", isTooltipActive: true }, 3)).toBe(2);
  });

  it("no row for a click on the legend or an axis (activeIndex null: Number(null) is 0)", () => {
    expect(activeRowIndex({ activeIndex: null, isTooltipActive: false }, 3)).toBeNull();
    expect(activeRowIndex({ activeIndex: null }, 3)).toBeNull();
    expect(activeRowIndex({ activeIndex: undefined }, 3)).toBeNull();
    expect(activeRowIndex({ activeIndex: "" }, 3)).toBeNull();
    expect(activeRowIndex({ activeIndex: 1, isTooltipActive: false }, 3)).toBeNull();
  });

  it("no row for an index that is not one of the rows", () => {
    expect(activeRowIndex({ activeIndex: 3, isTooltipActive: true }, 3)).toBeNull();
    expect(activeRowIndex({ activeIndex: -1, isTooltipActive: true }, 3)).toBeNull();
    expect(activeRowIndex({ activeIndex: "1.5", isTooltipActive: true }, 3)).toBeNull();
  });
});
