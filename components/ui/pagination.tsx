import Link from "next/link";
import { hrefWith } from "@/components/filters/parse-search-params";
import { plural } from "@/lib/wording";

type Props = {
  pathname: string;
  /** The current query (filters, sort…) that every page link keeps. */
  params: Record<string, string | number | undefined | null>;
  page: number;
  pageSize: number;
  total: number;
};

/**
 * First / previous / next / last links with `page` in the URL; lists never load more than one
 * page. A page past the last one (an old link, a list that shrank) says so and links the last.
 */
export function Pagination({ pathname, params, page, pageSize, total }: Props) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (total <= pageSize && page === 1) {
    return (
      <p className="pagination muted" data-testid="pagination">
        {plural(total, "row")}
      </p>
    );
  }
  const link = (target: number) => hrefWith(pathname, { ...params, page: target === 1 ? undefined : target });
  const rows = plural(total, "row");
  if (page > pages) {
    return (
      <nav className="pagination" aria-label="pages" data-testid="pagination">
        <span data-testid="page-past-end">
          page {page.toLocaleString("en-US")} is past the last page ({pages.toLocaleString("en-US")}) · {rows}
        </span>
        <Link href={link(pages)} data-testid="page-last">
          go to the last page →
        </Link>
      </nav>
    );
  }
  return (
    <nav className="pagination" aria-label="pages" data-testid="pagination">
      {page > 2 ? (
        <Link href={link(1)} data-testid="page-first">
          « first
        </Link>
      ) : null}
      {page > 1 ? (
        <Link href={link(page - 1)} rel="prev" data-testid="page-prev">
          ← previous
        </Link>
      ) : (
        <span className="muted">← previous</span>
      )}
      <span aria-current="page">
        page {page.toLocaleString("en-US")} of {pages.toLocaleString("en-US")} · {rows}
      </span>
      {page < pages ? (
        <Link href={link(page + 1)} rel="next" data-testid="page-next">
          next →
        </Link>
      ) : (
        <span className="muted">next →</span>
      )}
      {page < pages - 1 ? (
        <Link href={link(pages)} data-testid="page-last">
          last »
        </Link>
      ) : null}
    </nav>
  );
}
