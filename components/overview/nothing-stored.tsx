import Link from "next/link";
import type { ReactNode } from "react";
import { getTotals } from "@/lib/db/queries";

/** Where logs come from, as an empty list says it (the logs page, and the lists when nothing is stored). */
export function UploadHowTo() {
  return (
    <>
      Drop console logs anywhere on this page, choose them on the <Link href="/upload">upload page</Link>, or push them from CI.
    </>
  );
}

/**
 * An empty list's note: `children` (what its filters left), or, when no log is stored at all
 * (`nothingStored`), that and where logs come from, not "nothing matches", which reads as a filter's doing.
 */
export function EmptyList({ testId, what, nothingStored, children }: { testId: string; what: string; nothingStored: boolean; children: ReactNode }) {
  return (
    <p className="muted" data-testid={testId}>
      {nothingStored ? (
        <>
          No {what} yet: no log is stored. <UploadHowTo />
        </>
      ) : (
        children
      )}
    </p>
  );
}

/** For a list page: its list is empty, its filters are none, and no build (so no log) is stored at all. */
export async function nothingStored(listEmpty: boolean, filters: Record<string, unknown>): Promise<boolean> {
  return listEmpty && Object.keys(filters).length === 0 && (await getTotals()).builds === 0;
}
