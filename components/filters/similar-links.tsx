import Link from "next/link";
import type { ReactNode } from "react";
import { hrefWith } from "./parse-search-params";

/**
 * The stored values a filter may have meant, each a link to the same list filtered on it (page one):
 * `lead` then the links, comma-separated, and "(the first N)" when there were more (`more`).
 */
export function SimilarLinks({
  values,
  more,
  lead,
  param,
  pathname,
  params,
  testId,
  show = (value) => value,
}: {
  values: string[];
  more: boolean;
  lead: { one: string; many: string };
  param: string;
  pathname: string;
  params: Record<string, string | number | undefined | null>;
  testId: string;
  show?: (value: string) => ReactNode;
}) {
  if (values.length === 0) return null;
  return (
    <>
      {" "}
      {values.length === 1 ? lead.one : lead.many}{" "}
      {values.map((value, i) => (
        <span key={value}>
          {i > 0 ? ", " : null}
          <Link href={hrefWith(pathname, { ...params, [param]: value, page: undefined })} data-testid={testId}>
            {show(value)}
          </Link>
        </span>
      ))}
      {more ? ` (the first ${values.length})` : null}
    </>
  );
}
