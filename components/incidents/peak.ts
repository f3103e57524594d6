import type { IncidentDto } from "@/lib/db/queries";

/**
 * Which queue an incident's peak is, as the lists and the build page say it beside the figure: the
 * inspected one (`when inspected`, what the column's header says), the top list's of a process gone
 * by the check (`before it died`), or the top list's with no process inspected (`in the top list`).
 * From the build that gave the peak (`peakFrom`): a sql incident whose last build found its connection
 * dead peaked there, from the top list, and read "when inspected" (an on-call review). An incident an
 * older version stored knows no peak build: its class says it, as before.
 */
export function peakWhen(incident: Pick<IncidentDto, "peakFrom" | "provisional" | "culpritClass">): "when inspected" | "before it died" | "in the top list" {
  if (incident.peakFrom === "topList" || (incident.peakFrom === null && incident.provisional)) return "in the top list";
  // A dead incident's process inspected and then gone when its messages were fetched keeps the queue
  // it was inspected with: "before it died" holds for it too.
  if (incident.peakFrom === "died" || incident.culpritClass === "dead") return "before it died";
  return "when inspected";
}
