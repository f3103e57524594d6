import { formatTime } from "./format";

/**
 * A time in a table cell: `2015-09-06 17:30 UTC` on one line where the table has room, its date
 * and its hour on two where it has not. A table's columns cannot be narrower than their widest
 * unbreakable text, and a whole time (about 11rem) kept the incidents table from fitting a
 * 1280 px window; a time never breaks anywhere else.
 */
export function TableTime({ value }: { value: string | null | undefined }) {
  const text = formatTime(value);
  const space = text.indexOf(" ");
  if (space < 0) return <span className="nowrap">{text}</span>;
  return (
    <>
      <span className="nowrap">{text.slice(0, space)}</span> <span className="nowrap">{text.slice(space + 1)}</span>
    </>
  );
}
