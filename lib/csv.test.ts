// The CSV answers: the total in a header, and a streamed answer that reads its
// rows only as the client takes them. (Quoting: lib/db/csv-export.test.ts.)
import { describe, expect, test, vi } from "vitest";
import { type CsvColumn, csvResponse, csvStreamResponse, toCsv } from "./csv";

type Row = { n: number; text: string | null };
const COLUMNS: CsvColumn<Row>[] = [
  { header: "n", value: (r) => r.n },
  { header: "text", value: (r) => r.text },
];

/** Yields `chunks` chunks of `size` rows, counting how many were asked for; can fail at one. */
function source(chunks: number, size: number, failAt?: number) {
  const state = { read: 0, returned: false };
  async function* generate(): AsyncGenerator<Row[], void, undefined> {
    try {
      for (let c = 0; c < chunks; c++) {
        state.read++;
        if (c === failAt) throw new Error("the database went away");
        yield Array.from({ length: size }, (_, i) => ({ n: c * size + i, text: `row ${c * size + i}` }));
      }
    } finally {
      state.returned = true;
    }
  }
  return { state, chunks: generate() };
}

describe("csvResponse", () => {
  test("names the download and, when given, the total", async () => {
    const response = csvResponse(toCsv([], COLUMNS), "things", 7);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="things.csv"');
    expect(response.headers.get("x-total-count")).toBe("7");
    expect(await response.text()).toBe("n,text\r\n");
  });
});

describe("csvStreamResponse", () => {
  test("writes the header and every chunk's rows, with X-Total-Count", async () => {
    const { chunks } = source(3, 4);
    const response = await csvStreamResponse({ name: "things", total: 12, columns: COLUMNS, chunks });
    expect(response.headers.get("x-total-count")).toBe("12");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="things.csv"');
    const expected = toCsv(
      Array.from({ length: 12 }, (_, n) => ({ n, text: `row ${n}` })),
      COLUMNS,
    );
    expect(await response.text()).toBe(expected);
  });

  test("with no rows, the header alone", async () => {
    const { chunks } = source(0, 4);
    expect(await (await csvStreamResponse({ name: "things", total: 0, columns: COLUMNS, chunks })).text()).toBe("n,text\r\n");
  });

  test("reads a chunk only when the client takes more, and stops reading when it goes away", async () => {
    const { state, chunks } = source(100, 10);
    const response = await csvStreamResponse({ name: "things", total: 1000, columns: COLUMNS, chunks });
    // The first chunk is read before answering (a failing query is still an error answer).
    expect(state.read).toBe(1);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await reader.read();
    // The stream may pull one chunk ahead of the reader, never the whole list.
    expect(state.read).toBeLessThanOrEqual(3);
    await reader.cancel();
    expect(state.returned).toBe(true);
    expect(state.read).toBeLessThanOrEqual(3);
  });

  test("a failure before the first rows throws (the route answers an error), a later one aborts the body", async () => {
    await expect(csvStreamResponse({ name: "things", total: 10, columns: COLUMNS, ...source(2, 5, 0) })).rejects.toThrow(/went away/);

    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const response = await csvStreamResponse({ name: "things", total: 10, columns: COLUMNS, ...source(2, 5, 1) });
      await expect(response.text()).rejects.toThrow(/went away/);
      expect(log).toHaveBeenCalledWith(expect.stringMatching(/things\.csv/), expect.any(Error));
    } finally {
      log.mockRestore();
    }
  });
});

describe("formula cells", () => {
  test("a ' goes before a formula's first character at a text cell's start and after each ; (a ;-separated spreadsheet's cell starts); numbers and the rest stay", () => {
    const csv = (text: string) => toCsv([{ n: -1, text }], COLUMNS).split("\r\n")[1];
    expect(csv("=1+1")).toBe("-1,'=1+1");
    expect(csv("ops;=2+2;x")).toBe(`-1,"ops;'=2+2;x"`);
    expect(csv("x;+1;-2;@a; =3")).toBe(`-1,"x;'+1;'-2;'@a; =3"`);
    expect(csv("a;b")).toBe(`-1,"a;b"`);
    expect(csv("plain-text@host")).toBe("-1,plain-text@host");
    expect(csv('say "hi", =no')).toBe(`-1,"say ""hi"", =no"`);
  });
});

describe("controls a terminal obeys", () => {
  test("ESC, BEL, C1 and the embedding, override and isolate controls are written as \\x{..}, as the CLI writes them; tabs and line feeds stay", () => {
    const csv = (text: string) => toCsv([{ n: 1, text }], COLUMNS).slice("n,text\r\n".length, -2);
    expect(csv("esc\u001b[31mroom")).toBe("1,esc\\x{1b}[31mroom");
    expect(csv("bell\u0007 \u0085 r\u202eoom")).toBe("1,bell\\x{7} \\x{85} r\\x{202e}oom");
    expect(csv("a\tb\nc")).toBe(`1,"a\tb\nc"`);
    expect(csv("\u001b=cmd")).toBe("1,\\x{1b}=cmd");
    // A carriage return stays CSV's (quoted), and still gets its formula guard; right-to-left marks stay.
    expect(csv("\r=1")).toBe(`1,"'\r=1"`);
    expect(csv("\u200fعربي\u200e")).toBe("1,\u200fعربي\u200e");
  });
});
