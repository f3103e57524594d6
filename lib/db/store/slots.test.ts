import { afterEach, describe, expect, test, vi } from "vitest";
import { createSlots } from "./slots";

const tooLong = (held: number) => new Error(`${held} held`);

describe("createSlots", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test("hands out `size` slots at once, then one per release, first come first served", async () => {
    const slots = createSlots(2);
    const first = await slots.acquire(1000, tooLong);
    const second = await slots.acquire(1000, tooLong);
    const order: string[] = [];
    const third = slots.acquire(1000, tooLong).then((release) => (order.push("third"), release));
    const fourth = slots.acquire(1000, tooLong).then((release) => (order.push("fourth"), release));
    expect([slots.held, slots.waiting]).toEqual([2, 2]);
    first();
    first(); // a second release of the same slot frees nothing more
    await third;
    expect(order).toEqual(["third"]);
    expect([slots.held, slots.waiting]).toEqual([2, 1]);
    // A newcomer does not overtake the queue when a slot frees.
    second();
    const fifth = slots.acquire(1000, tooLong).then((release) => (order.push("fifth"), release));
    (await fourth)();
    (await fifth)();
    expect(order).toEqual(["third", "fourth", "fifth"]);
    (await third)();
    expect([slots.held, slots.waiting]).toEqual([0, 0]);
  });

  test("a waiter gives up after waitMs, holding nothing, and leaves the queue", async () => {
    vi.useFakeTimers();
    const slots = createSlots(1);
    const release = await slots.acquire(1000, tooLong);
    const late = slots.acquire(1000, tooLong);
    const later = slots.acquire(5000, tooLong);
    vi.advanceTimersByTime(1000);
    await expect(late).rejects.toThrow("1 held");
    expect(slots.waiting).toBe(1);
    release();
    (await later)();
    expect([slots.held, slots.waiting]).toEqual([0, 0]);
  });

  test("failWaiting rejects every waiter with the error; slots held stay held", async () => {
    const slots = createSlots(1);
    const release = await slots.acquire(1000, tooLong);
    const waiters = [slots.acquire(1000, tooLong), slots.acquire(1000, tooLong)];
    slots.failWaiting(new Error("connection refused"));
    for (const waiter of waiters) await expect(waiter).rejects.toThrow("connection refused");
    expect([slots.held, slots.waiting]).toEqual([1, 0]);
    release();
    expect(slots.held).toBe(0);
  });
});
