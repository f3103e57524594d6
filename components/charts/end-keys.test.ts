import { describe, expect, it } from "vitest";
import { LEFT_TO_RIGHT, endJump } from "./end-keys";

/**
 * recharts' first arrow key on a chart with no point yet (keyboardEventsMiddleware): the key whose
 * step moves toward higher indexes lands on the first point, the other on the last.
 */
const fromNone = (key: string, keys: { first: string; last: string }, points: number) => (key === keys.last ? 0 : points - 1);

describe("endJump: Home and End as one key from no point", () => {
  it("Home lands on the first point and End on the last, from no point", () => {
    for (const points of [1, 2, 7, 1500]) {
      expect(fromNone(endJump({ key: "Home" }, points, LEFT_TO_RIGHT)!.key, LEFT_TO_RIGHT, points)).toBe(0);
      expect(fromNone(endJump({ key: "End" }, points, LEFT_TO_RIGHT)!.key, LEFT_TO_RIGHT, points)).toBe(points - 1);
    }
    expect(endJump({ key: "Home" }, 5, LEFT_TO_RIGHT)).toEqual({ end: "first", key: "ArrowRight" });
    expect(endJump({ key: "End" }, 5, LEFT_TO_RIGHT)).toEqual({ end: "last", key: "ArrowLeft" });
  });

  it("a chart stepped the other way round (the rooms, top to bottom) jumps with its own keys", () => {
    const rooms = { first: "ArrowRight", last: "ArrowLeft" };
    expect(endJump({ key: "Home" }, 3, rooms)).toEqual({ end: "first", key: "ArrowLeft" });
    expect(endJump({ key: "End" }, 3, rooms)).toEqual({ end: "last", key: "ArrowRight" });
  });

  it("nothing for other keys, with a modifier (the browser's own Ctrl+Home), or on a chart without points", () => {
    expect(endJump({ key: "ArrowLeft" }, 5, LEFT_TO_RIGHT)).toBeNull();
    expect(endJump({ key: "Enter" }, 5, LEFT_TO_RIGHT)).toBeNull();
    expect(endJump({ key: "Home", ctrlKey: true }, 5, LEFT_TO_RIGHT)).toBeNull();
    expect(endJump({ key: "End", shiftKey: true }, 5, LEFT_TO_RIGHT)).toBeNull();
    expect(endJump({ key: "End", metaKey: true }, 5, LEFT_TO_RIGHT)).toBeNull();
    expect(endJump({ key: "Home", altKey: true }, 5, LEFT_TO_RIGHT)).toBeNull();
    expect(endJump({ key: "Home" }, 0, LEFT_TO_RIGHT)).toBeNull();
  });
});
