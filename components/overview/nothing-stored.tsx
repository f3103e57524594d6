import Link from "next/link";

/**
 * What an empty list says when no log is stored at all (not "nothing matches", which reads as a
 * filter's doing): where logs come from, as the logs page says it.
 */
export function NothingStoredText({ what }: { what: string }) {
  return (
    <>
      No {what} yet: no log is stored. Drop console logs anywhere on this page, choose them on the <Link href="/upload">upload page</Link>, or
      push them from CI.
    </>
  );
}
