import Link from "next/link";
import { Fragment, type ReactNode } from "react";
import { hrefWith } from "./parse-search-params";

type Props<S extends string> = {
  pathname: string;
  /** The list's query as links keep it (filters, sort, order, pageSize; page dropped). */
  params: Record<string, string | number | undefined | null>;
  /** The sorts the list takes, each with its label; `defaultSort` is written as no `sort` at all. */
  sorts: readonly (readonly [S, string])[];
  sort: S;
  defaultSort: S;
  order: "asc" | "desc";
  /** The order link's words for descending and ascending (`newest / largest first`…). */
  orderLabels: { desc: string; asc: string };
  /** What goes at the row's end (the CSV link). */
  children?: ReactNode;
};

/** How a list is sorted, for its table's column headers (`aria-sort`). */
export type Sorted = { by: string; order: "asc" | "desc" };

/**
 * A column header's `aria-sort`: the order when the list is sorted by one of `keys` (the sorts this
 * column shows), else none (left out). A screen reader says it on the header as it reads the table.
 */
export function ariaSort(sorted: Sorted | undefined, ...keys: string[]): "ascending" | "descending" | undefined {
  if (!sorted || !keys.includes(sorted.by)) return undefined;
  return sorted.order === "asc" ? "ascending" : "descending";
}

/** A list's sort links and its order toggle (the builds and incidents lists), with the row's end. */
export function SortLinks<S extends string>({ pathname, params, sorts, sort, defaultSort, order, orderLabels, children }: Props<S>) {
  return (
    <p className="sort-links">
      sort by:{" "}
      {sorts.map(([value, label]) => (
        <Link
          key={value}
          href={hrefWith(pathname, { ...params, sort: value === defaultSort ? undefined : value })}
          className={sort === value ? "active" : undefined}
          aria-current={sort === value ? "true" : undefined}
          data-testid={`sort-${value}`}
        >
          {label}
        </Link>
      ))}
      {" · order: "}
      {/* Both orders, the current one marked as the current sort is: one link that named the
          current order and switched to the other read as a promise it did not keep. */}
      {(["desc", "asc"] as const).map((value, i) => (
        <Fragment key={value}>
          {i > 0 ? " / " : null}
          <Link
            href={hrefWith(pathname, { ...params, order: value === "asc" ? "asc" : undefined })}
            className={value === order ? "active" : undefined}
            aria-current={value === order ? "true" : undefined}
            data-testid={value === order ? "sort-order" : "sort-order-switch"}
          >
            {orderLabels[value]}
          </Link>
        </Fragment>
      ))}
      {children}
    </p>
  );
}
