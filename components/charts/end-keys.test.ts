import { describe, expect, it } from "vitest";
import { LEFT_TO_RIGHT, endSteps } from "./end-keys";

describe("endSteps: Home and End as recharts' steps", () => {
  it("Home: the step toward the first point, once for each point; End: toward the last", () => {
    expect(endSteps({ key: "Home" }, 5, LEFT_TO_RIGHT)).toEqual({ key: "ArrowLeft", times: 5 });
    expect(endSteps({ key: "End" }, 5, LEFT_TO_RIGHT)).toEqual({ key: "ArrowRight", times: 5 });
  });

  it("a chart stepped the other way round (the rooms, top to bottom) steps with its own keys", () => {
    const rooms = { first: "ArrowRight", last: "ArrowLeft" };
    expect(endSteps({ key: "Home" }, 3, rooms)).toEqual({ key: "ArrowRight", times: 3 });
    expect(endSteps({ key: "End" }, 3, rooms)).toEqual({ key: "ArrowLeft", times: 3 });
  });

  it("enough presses from any point, or from none (the first press goes to the far end)", () => {
    // recharts' steps, simulated: one point a press, none past either end; from none, the far end.
    const walk = (start: number | null, key: string, times: number, points: number) => {
      let at = start;
      for (let k = 0; k < times; k++) {
        if (at === null) at = key === "ArrowLeft" ? points - 1 : 0;
        else at = Math.min(points - 1, Math.max(0, at + (key === "ArrowRight" ? 1 : -1)));
      }
      return at;
    };
    for (const points of [1, 2, 7]) {
      for (const start of [null, 0, points - 1, Math.floor(points / 2)]) {
        const home = endSteps({ key: "Home" }, points, LEFT_TO_RIGHT)!;
        const end = endSteps({ key: "End" }, points, LEFT_TO_RIGHT)!;
        expect(walk(start, home.key, home.times, points)).toBe(0);
        expect(walk(start, end.key, end.times, points)).toBe(points - 1);
      }
    }
  });

  it("no steps for other keys, with a modifier (the browser's own Ctrl+Home), or on a chart without points", () => {
    expect(endSteps({ key: "ArrowLeft" }, 5, LEFT_TO_RIGHT)).toBeNull();
    expect(endSteps({ key: "Enter" }, 5, LEFT_TO_RIGHT)).toBeNull();
    expect(endSteps({ key: "Home", ctrlKey: true }, 5, LEFT_TO_RIGHT)).toBeNull();
    expect(endSteps({ key: "End", shiftKey: true }, 5, LEFT_TO_RIGHT)).toBeNull();
    expect(endSteps({ key: "End", metaKey: true }, 5, LEFT_TO_RIGHT)).toBeNull();
    expect(endSteps({ key: "Home", altKey: true }, 5, LEFT_TO_RIGHT)).toBeNull();
    expect(endSteps({ key: "Home" }, 0, LEFT_TO_RIGHT)).toBeNull();
  });
});
