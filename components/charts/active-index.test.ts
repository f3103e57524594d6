import { describe, expect, it } from "vitest";
import { activeRowIndex, bandAt, nearestAt, rowAtPointer } from "./active-index";

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

describe("the row under the pointer, from where it is (a tap comes before recharts moves its tooltip)", () => {
  const plot = { left: 100, top: 50, width: 300, height: 200 };

  it("bandAt: the band of equal bands the pointer is in, along x or y", () => {
    expect(bandAt(plot, 100, "x", 3)).toBe(0);
    expect(bandAt(plot, 199, "x", 3)).toBe(0);
    expect(bandAt(plot, 201, "x", 3)).toBe(1);
    expect(bandAt(plot, 399, "x", 3)).toBe(2);
    // Rooms down the y axis: the second of four is 100..150.
    expect(bandAt(plot, 120, "y", 4)).toBe(1);
    // At or past an edge (the pointer in the plot by a pixel's slack): the edge's band.
    expect(bandAt(plot, 400, "x", 3)).toBe(2);
    expect(bandAt(plot, 99, "x", 3)).toBe(0);
    expect(bandAt(plot, 120, "y", 0)).toBeNull();
    expect(bandAt({ ...plot, width: 0 }, 120, "x", 3)).toBeNull();
  });

  it("nearestAt: the value nearest to the pointer's x on a numeric axis, the first of equals", () => {
    // Times 0..1000 across 300 px: x 250 px is 500.
    const xs = [0, 100, 480, 530, 1000];
    expect(nearestAt(plot, 250, [0, 1000], xs)).toBe(2);
    expect(nearestAt(plot, 100, [0, 1000], xs)).toBe(0);
    expect(nearestAt(plot, 400, [0, 1000], xs)).toBe(4);
    expect(nearestAt(plot, 265, [0, 1000], xs)).toBe(3);
    // Equal values (builds of one time): the first on or left of them, the last right of them, as the tooltip takes them.
    expect(nearestAt(plot, 250, [0, 1000], [500, 500])).toBe(0);
    expect(nearestAt(plot, 248, [0, 1000], [0, 500, 500, 500, 1000])).toBe(1);
    expect(nearestAt(plot, 252, [0, 1000], [0, 500, 500, 500, 1000])).toBe(3);
    // By build: places 0..n-1 on a domain of [-0.5, n-0.5].
    expect(nearestAt(plot, 100 + 300 * (2.6 / 5), [-0.5, 4.5], [0, 1, 2, 3, 4])).toBe(2);
    expect(nearestAt(plot, 250, [7, 7], [7])).toBe(0);
    expect(nearestAt(plot, 260, [7, 7], [7, 7])).toBe(1);
    expect(nearestAt(plot, 250, [0, 1], [])).toBeNull();
  });
});

describe("nearestAt takes the row recharts' tooltip takes (what a hover shows is what a click opens)", () => {
  it("on random sorted times with repeats, at random pointer positions inside the plot", async () => {
    // recharts' own choice of the tooltip's row (3.x, as installed): its rows split at the midpoints between their x.
    // @ts-expect-error recharts' internal module, untyped at this path: the test holds nearestAt to its behaviour.
    const { calculateActiveTickIndex } = (await import("recharts/es6/util/getActiveCoordinate")) as unknown as {
      calculateActiveTickIndex: (coordinate: number, ordered: object[], ticks: object[], axisType: string, range: number[]) => number;
    };
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const plot = { left: 100, top: 0, width: 400, height: 100 };
    let compared = 0;
    for (let round = 0; round < 200; round++) {
      const n = 1 + Math.floor(random() * 12);
      const xs = Array.from({ length: n }, () => Math.floor(random() * 8) * 250).sort((a, b) => a - b);
      const domain: [number, number] = [xs[0]!, xs[n - 1]!];
      // (One time only: d3 draws it in the middle.)
      const px = (t: number) => (domain[1] === domain[0] ? plot.left + plot.width / 2 : plot.left + ((t - domain[0]) / (domain[1] - domain[0])) * plot.width);
      const ticks = xs.map((t, index) => ({ coordinate: px(t), value: t, index, offset: 0 }));
      for (let k = 0; k < 10; k++) {
        const clientX = plot.left + 0.5 + random() * (plot.width - 1);
        const hover = calculateActiveTickIndex(clientX, ticks, ticks, "xAxis", [plot.left, plot.left + plot.width]);
        const click = nearestAt(plot, clientX, domain, xs);
        // (Where several rows share the pointer's nearest x, each is that same time: the same build would do.)
        expect({ xs, clientX, row: click }).toEqual({ xs, clientX, row: hover });
        compared++;
      }
    }
    expect(compared).toBe(2000);
  });
});

describe("rowAtPointer", () => {
  it("without a plot found (no chart drawn yet), recharts' active row, and no pick", () => {
    let picked = 0;
    const pick = () => ++picked;
    expect(rowAtPointer(null, { clientX: 5, clientY: 5 }, { activeIndex: 2, isTooltipActive: true }, 3, pick)).toBe(2);
    expect(rowAtPointer(null, { clientX: 5, clientY: 5 }, { activeIndex: null }, 3, pick)).toBeNull();
    expect(picked).toBe(0);
  });
});
