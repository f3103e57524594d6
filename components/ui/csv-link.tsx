import { hrefWith } from "@/components/filters/parse-search-params";
import { plural } from "@/lib/wording";

type Props = {
  /** The list's API path (`/api/builds`): its `format=csv` gives every row the filters keep. */
  api: string;
  /** The page's filters and order; page and pageSize are left out (the CSV holds the whole list). */
  params: Record<string, string | number | undefined | null>;
  /** How many rows the list holds (the CSV's rows). */
  total: number;
  /** What a row is, for the link's text (`build`, `incident`…). */
  noun: string;
};

/**
 * A link to the whole list as CSV, with the page's filters and order: what people take into a
 * spreadsheet or a report. Nothing when the list is empty.
 */
export function CsvLink({ api, params, total, noun }: Props) {
  if (total === 0) return null;
  // bom=1: the file goes to a spreadsheet, and Excel reads a UTF-8 file without its mark as ANSI (room names garbled).
  const href = hrefWith(api, { ...params, page: undefined, pageSize: undefined, format: "csv", bom: 1 });
  return (
    <a href={href} download className="csv-link" data-testid="csv-link" title={`every ${noun} of this list (every page), in its order, as CSV`}>
      Download CSV ({plural(total, noun)})
    </a>
  );
}
