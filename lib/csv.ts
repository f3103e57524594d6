// CSV for the list endpoints (`?format=csv`). Cells that a spreadsheet would
// read as a formula (=, +, -, @ first) are prefixed with a quote: the values
// come from logs, i.e. from other people.

import { hexEscape } from "./terminal-text";

export type CsvColumn<T> = { header: string; value: (row: T) => string | number | boolean | null | undefined };

/**
 * A text cell a spreadsheet would run as a formula starts with one of these; in a locale whose
 * list separator is `;` (Excel in much of Europe) every `;` in a line starts a cell too, quoted or
 * not (a quote protects a cell only at its field's start): `ops;=2+2` was two cells there, the
 * second a formula. So a `'` goes before such a character at the start and after each `;`.
 */
const FORMULA_START = /(^|;)([=+\-@\t\r])/g;

/**
 * Controls a terminal obeys, which `curl …?format=csv` would hand it from an atom or a name in a log
 * (ESC starts sequences that retitle a window or rewrite the screen): C0 but tab, line feed and
 * carriage return (CSV's own, quoted), DEL, C1, and the embeddings, overrides and isolates that
 * reorder text. The marks U+200E, U+200F and U+061C stay: right-to-left names use them.
 */
const CSV_CONTROLS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

function cell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string") text = text.replace(CSV_CONTROLS, hexEscape).replace(FORMULA_START, "$1'$2");
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function header<T>(columns: CsvColumn<T>[]): string {
  return `${columns.map((c) => cell(c.header)).join(",")}\r\n`;
}

function lines<T>(rows: T[], columns: CsvColumn<T>[]): string {
  return rows.map((row) => `${columns.map((c) => cell(c.value(row))).join(",")}\r\n`).join("");
}

export function toCsv<T>(rows: T[], columns: CsvColumn<T>[]): string {
  return header(columns) + lines(rows, columns);
}

/** A download named `name`.csv; `total`, when known, is how many rows match (X-Total-Count), whatever part the body holds. */
function csvHeaders(name: string, total: number | undefined): HeadersInit {
  return {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="${name}.csv"`,
    ...(total === undefined ? {} : { "x-total-count": String(total) }),
  };
}

/**
 * What a CSV starts with when asked (`bom=1`, as the pages' download links ask): a UTF-8 byte-order
 * mark, without which Excel reads the file in the machine's ANSI code page and shows a Chinese room
 * name as mojibake. Not by default: a script reading the API would find it in its first header.
 */
export const UTF8_BOM = "\uFEFF";

export function csvResponse(body: string, name: string, total?: number, bom = false): Response {
  return new Response(bom ? UTF8_BOM + body : body, { headers: csvHeaders(name, total) });
}

/**
 * A whole list as CSV, streamed: the header line, then each chunk of rows as `chunks` yields it,
 * read only when the client takes more (pull), so memory holds one chunk whatever the length.
 * The first chunk is read before answering, so that a failing query is still an error answer;
 * a later failure can only abort the body (logged), which the client sees as a cut download
 * rather than a short file that looks complete.
 */
export async function csvStreamResponse<T>(args: {
  name: string;
  total: number;
  columns: CsvColumn<T>[];
  chunks: AsyncGenerator<T[], void, undefined>;
  bom?: boolean;
}): Promise<Response> {
  const { name, total, columns, chunks } = args;
  const encoder = new TextEncoder();
  const first = await chunks.next();
  const empty = first.done === true;
  // The header and the first chunk, until the first pull sends them.
  let opening: string | null = (args.bom ? UTF8_BOM : "") + header(columns) + (first.done ? "" : lines(first.value, columns));
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (opening !== null) {
          controller.enqueue(encoder.encode(opening));
          opening = null;
          if (empty) controller.close();
          return;
        }
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(lines(next.value, columns)));
      } catch (error) {
        console.error(`CSV export ${name}.csv failed after it began`, error);
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return new Response(body, { headers: csvHeaders(name, total) });
}
