import { expect, test } from "vitest";
import type { SampleDto } from "@/lib/db/queries";
import { describeGroup, groupSamples } from "./group-samples";

const sample = (index: number, kind: string, destination: string | null): SampleDto => ({
  id: index,
  index,
  kind,
  summary: "",
  destination,
  raw: "",
  decoded: [],
});

test("a group's title agrees with its count: 2 go, 1 goes", () => {
  const room = "snh-48#p@conference.easemob.com";
  const groups = groupSamples([sample(0, "$gen_event", room), sample(1, "$gen_event", room), sample(2, "$gen_call", "other@conference.easemob.com"), sample(3, "timeout", null)]);
  expect(groups.map((g) => describeGroup(g, 4))).toEqual([
    `2 of 4 go to ${room} ($gen_event)`,
    "1 of 4 goes to other@conference.easemob.com ($gen_call)",
    "1 of 4 timeout",
  ]);
});

test("one group for one room however its JID is spelled: case, resource", () => {
  const groups = groupSamples([
    sample(0, "$gen_event", "Room@Conference.Example.org/nick"),
    sample(1, "$gen_event", "room@conference.example.org"),
    sample(2, "$gen_call", "user@example.org/phone"),
    sample(3, "$gen_call", "dispatcher:route/3"),
  ]);
  expect(groups.map((g) => [g.destination, g.samples.length])).toEqual([
    ["room@conference.example.org", 2],
    ["user@example.org", 1],
    ["dispatcher:route/3", 1],
  ]);
});
