import { describe, expect, test } from "vitest";
import { middleEllipsis, roomLabels } from "./room-labels";

describe("middleEllipsis", () => {
  test.each([
    ["short", 28],
    ["snh-48#pocket48_76366185259598244", 28],
    ["snh-48#pocket48_76366185259598244", 12],
  ])("%s in at most %i characters: its first and last ones around an ellipsis", (text, max) => {
    const out = middleEllipsis(text, max);
    expect([...out].length).toBeLessThanOrEqual(max);
    if (text.length <= max) expect(out).toBe(text);
    else {
      expect([...out]).toHaveLength(max);
      const [head, tail] = out.split("…") as [string, string];
      expect(text.startsWith(head) && text.endsWith(tail)).toBe(true);
    }
  });

  test("counts code points: a CJK name is cut between characters, never inside a surrogate pair", () => {
    const name = "星光应援团".repeat(4) + "😀" + "粉丝俱乐部".repeat(4);
    const out = middleEllipsis(name, 9);
    expect([...out]).toHaveLength(9);
    expect(out).toBe("星光应援…丝俱乐部");
  });
});

describe("roomLabels", () => {
  test("two generated rooms with one long prefix stay apart (their ends differ)", () => {
    const rooms = [
      { jid: "snh-48#pocket48_76366185259598244@conference.easemob.com", name: "snh-48#pocket48_76366185259598244" },
      { jid: "snh-48#pocket48_76366191207121304@conference.easemob.com", name: "snh-48#pocket48_76366191207121304" },
    ];
    const labels = roomLabels(rooms);
    expect(new Set(labels).size).toBe(2);
    for (const label of labels) expect([...label].length).toBeLessThanOrEqual(28);
  });

  test("rooms of one name on two hosts are named with their hosts; a name of its own stays bare", () => {
    const rooms = [
      { jid: "fans_1024@conference.a.example", name: "fans_1024" },
      { jid: "fans_1024@conference.b.example", name: "fans_1024" },
      { jid: "ops@conference.a.example", name: "ops" },
    ];
    expect(roomLabels(rooms, 60)).toEqual(["fans_1024@conference.a.example", "fans_1024@conference.b.example", "ops"]);
    const cut = roomLabels(rooms);
    expect(new Set(cut).size).toBe(3);
    expect(cut[2]).toBe("ops");
  });

  test("labels that would still meet once cut show their whole text", () => {
    const rooms = [
      { jid: "a".repeat(20) + "X" + "b".repeat(20) + "@h", name: "a".repeat(20) + "X" + "b".repeat(20) },
      { jid: "a".repeat(20) + "Y" + "b".repeat(20) + "@h", name: "a".repeat(20) + "Y" + "b".repeat(20) },
    ];
    const labels = roomLabels(rooms);
    expect(new Set(labels).size).toBe(2);
    expect(labels).toEqual(rooms.map((r) => r.name));
  });
});
