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

/** Previous / next links with `page` in the URL; lists never load more than one page. */
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
  return (
    <nav className="pagination" aria-label="pages" data-testid="pagination">
      {page > 1 ? (
        <Link href={link(page - 1)} rel="prev" data-testid="page-prev">
          ← previous
        </Link>
      ) : (
        <span className="muted">← previous</span>
      )}
      <span>
        page {page.toLocaleString("en-US")} of {pages.toLocaleString("en-US")} · {plural(total, "row")}
      </span>
      {page < pages ? (
        <Link href={link(page + 1)} rel="next" data-testid="page-next">
          next →
        </Link>
      ) : (
        <span className="muted">next →</span>
      )}
    </nav>
  );
}
