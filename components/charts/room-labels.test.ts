import { describe, expect, test } from "vitest";
import { labelLimit } from "./room-incidents-chart";
import { middleEllipsis, roomLabels, textColumns } from "./room-labels";

describe("middleEllipsis", () => {
  test.each([
    ["short", 28],
    ["snh-48#pocket48_76366185259598244", 28],
    ["snh-48#pocket48_76366185259598244", 12],
  ])("%s in at most %i characters: its first and last ones around an ellipsis", (text, max) => {
    const out = middleEllipsis(text, max);
    expect(textColumns(out)).toBeLessThanOrEqual(max);
    if (text.length <= max) expect(out).toBe(text);
    else {
      expect([...out]).toHaveLength(max);
      const [head, tail] = out.split("…") as [string, string];
      expect(text.startsWith(head) && text.endsWith(tail)).toBe(true);
    }
  });

  test("a CJK name is cut between characters, never inside a surrogate pair, a wide character counted twice", () => {
    const name = "星光应援团".repeat(4) + "😀" + "粉丝俱乐部".repeat(4);
    expect(middleEllipsis(name, 9)).toBe("星光…乐部");
    expect(middleEllipsis(name, 17)).toBe("星光应援…丝俱乐部");
    expect(middleEllipsis("a😀" + "b".repeat(30), 6)).toBe("a😀…bb");
    expect(textColumns("星光应援团#fans_1024")).toBe(5 * 2 + 10);
  });
});

/** Columns a label may take in a chart 324px wide (a phone's), at most. */
const MAX_PHONE = 20;

describe("roomLabels", () => {
  test("two generated rooms with one long prefix stay apart (their ends differ)", () => {
    const rooms = [
      { jid: "snh-48#pocket48_76366185259598244@conference.easemob.com", name: "snh-48#pocket48_76366185259598244" },
      { jid: "snh-48#pocket48_76366191207121304@conference.easemob.com", name: "snh-48#pocket48_76366191207121304" },
    ];
    const labels = roomLabels(rooms);
    expect(new Set(labels).size).toBe(2);
    for (const label of labels) expect(textColumns(label)).toBeLessThanOrEqual(28);
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

  test("labels that would still meet once cut are numbered, within the same width", () => {
    const rooms = [
      { jid: "a".repeat(20) + "X" + "b".repeat(20) + "@h", name: "a".repeat(20) + "X" + "b".repeat(20) },
      { jid: "a".repeat(20) + "Y" + "b".repeat(20) + "@h", name: "a".repeat(20) + "Y" + "b".repeat(20) },
      { jid: "ops@h", name: "ops" },
    ];
    const labels = roomLabels(rooms);
    expect(labels).toEqual([`${"a".repeat(12)}…${"b".repeat(12)} #1`, `${"a".repeat(12)}…${"b".repeat(12)} #2`, "ops"]);
    for (const label of labels) expect(textColumns(label)).toBeLessThanOrEqual(28);
  });

  test("on a phone: generated rooms, two of them on two hosts, and CJK names all get short, distinct labels", () => {
    // What a UI review saw at 390px: two rooms on two hosts each got their whole JIDs, and the
    // label column took the whole chart (no bars drawn).
    const rooms = [
      { jid: "snh-48#pocket48_76366185259598244@conference.easemob.com", name: "snh-48#pocket48_76366185259598244" },
      { jid: "snh-48#pocket48_76366191207121304@conference.easemob.com", name: "snh-48#pocket48_76366191207121304" },
      { jid: "snh-48#pocket48_76366185259598244@conference.im.example.cn", name: "snh-48#pocket48_76366185259598244" },
      { jid: "snh-48#pocket48_76366191207121304@conference.im.example.cn", name: "snh-48#pocket48_76366191207121304" },
      { jid: "技术交流群#dev_77@conference.easemob.com", name: "技术交流群#dev_77" },
      { jid: "星光应援团#fans_1024@conference.easemob.com", name: "星光应援团#fans_1024" },
      { jid: "运维值班@conference.easemob.com", name: "运维值班" },
    ];
    const max = labelLimit(324);
    expect(max).toBeLessThan(MAX_PHONE);
    const labels = roomLabels(rooms, max);
    expect(new Set(labels).size).toBe(rooms.length);
    for (const label of labels) expect(textColumns(label), label).toBeLessThanOrEqual(max);
    expect(labels[6]).toBe("运维值班");
    // The hosts tell the two rooms of one name apart.
    expect(labels[0]).toMatch(/@ease/);
    expect(labels[2]).toMatch(/@im/);
  });
});

describe("roomLabels: text from the log", () => {
  test("a bidirectional control in a room's name is shown as Erlang writes it, never applied", () => {
    // `evil\u202Efdp.exe` would draw as `evilexe.pdf` in the SVG label.
    const [label] = roomLabels([{ jid: "evil\u202efdp.exe@conference.x", name: "evil\u202efdp.exe" }]);
    expect(label).toBe("evil\\x{202e}fdp.exe");
    expect(label).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
  });

  test("rooms that share a name keep (the telling part of) their hosts, controls escaped in both", () => {
    const labels = roomLabels([
      { jid: "a\u2067b@conference.one.org", name: "a\u2067b" },
      { jid: "a\u2067b@conference.two.org", name: "a\u2067b" },
    ]);
    expect(labels).toEqual(["a\\x{2067}b@one.org", "a\\x{2067}b@two.org"]);
  });
});
