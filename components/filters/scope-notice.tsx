import Link from "next/link";
import { hrefWith } from "./parse-search-params";

/** Filters the filter bar has no field for; they come from links (an incident's or a log's builds, a pid). */
const SCOPES: { key: string; label: (value: string) => string }[] = [
  { key: "incidentId", label: (value) => `incident #${value}` },
  { key: "logId", label: (value) => `log #${value}` },
  { key: "pid", label: (value) => `pid ${value}` },
  { key: "incident", label: (value) => (value === "true" ? "incident builds" : "healthy builds") },
];

/**
 * Says which of those narrow the view, each with a link that drops it (the
 * other keys stay). Values are rendered as text, like every user-controlled string.
 */
export function ScopeNotice({
  pathname,
  params,
  labels = {},
}: {
  pathname: string;
  params: Record<string, string | undefined>;
  /** A fuller label for a key than the value alone (e.g. what the incident was, the log's file name). */
  labels?: Record<string, string | undefined>;
}) {
  const active = SCOPES.filter((scope) => params[scope.key]);
  if (active.length === 0) return null;
  return (
    <p className="notice" role="status" data-testid="scope-notice">
      Only{" "}
      {active.map((scope, i) => (
        <span key={scope.key} data-testid={`scope-${scope.key}`}>
          {i > 0 ? ", " : null}
          <strong>{labels[scope.key] ?? scope.label(params[scope.key] as string)}</strong>{" "}
          <Link href={hrefWith(pathname, { ...params, [scope.key]: undefined, page: undefined })} data-testid={`scope-clear-${scope.key}`}>
            (show all)
          </Link>
        </span>
      ))}
      .
    </p>
  );
}
