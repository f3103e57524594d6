import Link from "next/link";
import { incidentLabel } from "@/components/incidents/incidents-table";
import type { IncidentDto } from "@/lib/db/queries";
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
 *
 * An `incidentId` the page looked up (`incident`) is named by what it was; one
 * that names no incident is said to be gone. Links to an incident outlive it:
 * its id stays through regrouping, but merged into another it is gone, and its
 * list would otherwise only say that nothing matches.
 */
export function ScopeNotice({
  pathname,
  params,
  labels = {},
  incident,
}: {
  pathname: string;
  params: Record<string, string | undefined>;
  /** A fuller label for a key than the value alone (e.g. the log's file name). */
  labels?: Record<string, string | undefined>;
  /** The incident `incidentId` names, when the page looked it up; null when there is none by that id. */
  incident?: IncidentDto | null;
}) {
  const clear = (key: string) => hrefWith(pathname, { ...params, [key]: undefined, page: undefined });
  const gone = Boolean(params.incidentId) && incident === null;
  const active = SCOPES.filter((scope) => params[scope.key] && !(gone && scope.key === "incidentId"));
  return (
    <>
      {gone ? (
        <p className="notice" role="status" data-testid="scope-incident-gone">
          <strong>Incident #{params.incidentId}</strong> no longer exists: it was merged into another incident or regrouped after an upload.{" "}
          <Link href={clear("incidentId")} data-testid="scope-clear-incidentId">
            (show all)
          </Link>
        </p>
      ) : null}
      {active.length > 0 ? (
        <p className="notice" role="status" data-testid="scope-notice">
          Only{" "}
          {active.map((scope, i) => (
            <span key={scope.key} data-testid={`scope-${scope.key}`}>
              {i > 0 ? ", " : null}
              <strong>{labels[scope.key] ?? (scope.key === "incidentId" && incident ? incidentLabel(incident) : scope.label(params[scope.key] as string))}</strong>{" "}
              <Link href={clear(scope.key)} data-testid={`scope-clear-${scope.key}`}>
                (show all)
              </Link>
            </span>
          ))}
          .
        </p>
      ) : null}
    </>
  );
}
