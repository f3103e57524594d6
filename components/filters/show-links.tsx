import Link from "next/link";
import { hrefWith } from "./parse-search-params";

/**
 * "Show: all · ongoing · over": one list parameter's values as links, the current one in bold.
 * The incidents page's `ongoing`; the builds page's `incident` (a new user's review: incident builds
 * alone were reachable only by typing `incident=true` into the address).
 */
export function ShowLinks<V extends string>({
  pathname,
  params,
  param,
  current,
  choices,
  testId,
}: {
  pathname: string;
  params: Record<string, string | number | undefined>;
  param: string;
  current: V | undefined;
  /** Each value (undefined: the parameter left out), its label, and a title for its link. */
  choices: readonly (readonly [V | undefined, string, string?])[];
  testId: string;
}) {
  return (
    <p className="sort-links" data-testid={testId}>
      Show:{" "}
      {choices.map(([value, label, title], i) => (
        <span key={label}>
          {i > 0 ? " · " : null}
          {value === current ? (
            <strong aria-current="true">{label}</strong>
          ) : (
            <Link href={hrefWith(pathname, { ...params, [param]: value, page: undefined })} title={title}>
              {label}
            </Link>
          )}
        </span>
      ))}
    </p>
  );
}
