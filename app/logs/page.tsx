import { IgnoredParams } from "@/components/filters/ignored-params";
import { parseSearchParams, type SearchParams } from "@/components/filters/parse-search-params";
import { DeletionStatus } from "@/components/logs/deletion-status";
import { LOGS_HEADING_ID } from "@/components/logs/logs-heading";
import { LogsTable } from "@/components/logs/logs-table";
import { CsvLink } from "@/components/ui/csv-link";
import { Pagination } from "@/components/ui/pagination";
import { listLogs } from "@/lib/db/queries";
import { logListSchema } from "@/lib/validation/query";

export const dynamic = "force-dynamic";
export const metadata = { title: "Logs · Mailbox incident dashboard" };

export default async function LogsPage(props: { searchParams: Promise<SearchParams> }) {
  const { query, ignored, unread } = parseSearchParams(logListSchema, await props.searchParams);
  const page = await listLogs(query);
  const listParams = { pageSize: query.pageSize === 50 ? undefined : query.pageSize };
  return (
    <>
      {/* Focusable from script only: where focus goes when the page's last row is deleted. */}
      <h1 id={LOGS_HEADING_ID} tabIndex={-1}>
        Logs
      </h1>
      <p className="muted">
        Every console log uploaded, by drag-and-drop or from CI, newest first. The same content uploaded again is stored once, under the
        name it first had; its size and sha256 are of the content once inflated.
      </p>
      <IgnoredParams keys={ignored} unread={unread} />
      {page.total > 0 ? (
        <p className="sort-links">
          <CsvLink api="/api/logs" params={{}} total={page.total} noun="log" />
        </p>
      ) : null}
      <DeletionStatus>
        <LogsTable logs={page.items} />
      </DeletionStatus>
      <Pagination pathname="/logs" params={listParams} page={page.page} pageSize={page.pageSize} total={page.total} />
    </>
  );
}
