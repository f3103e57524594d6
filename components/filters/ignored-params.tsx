import type { UnreadParam } from "./parse-search-params";

/**
 * Says which URL parameters were not understood (and so not applied): `keys`, filters whose value
 * was invalid; `unread`, parameters the page does not read at all (a misspelt filter), with the one
 * each may have meant.
 */
export function IgnoredParams({ keys, unread = [] }: { keys: string[]; unread?: UnreadParam[] }) {
  return (
    <>
      {keys.length > 0 ? (
        <p className="notice" role="status" data-testid="ignored-params">
          Ignored invalid {keys.length === 1 ? "parameter" : "parameters"} in the address: {keys.join(", ")}.
        </p>
      ) : null}
      {unread.length > 0 ? (
        <p className="notice" role="status" data-testid="unread-params">
          Not {unread.length === 1 ? "a filter" : "filters"} of this page, ignored:{" "}
          {unread.slice(0, 5).map((param, i) => (
            <span key={param.name}>
              {i > 0 ? ", " : null}
              <code>{param.name.slice(0, 60)}</code>
              {param.meant ? (
                <>
                  {" "}
                  (did you mean <code>{param.meant}</code>?)
                </>
              ) : null}
            </span>
          ))}
          {unread.length > 5 ? ` and ${unread.length - 5} more` : null}.
        </p>
      ) : null}
    </>
  );
}
