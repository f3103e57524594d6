import { classLabel } from "./culprit-classes";

/** The culprit class as a coloured pill (colour from CSS: .badge-<class>); `label` in place of the class's. */
export function ClassBadge({ value, testId, label }: { value: string | null | undefined; testId?: string; label?: string }) {
  return (
    <span className={`badge badge-${value ?? "none"}`} data-testid={testId} data-class={value ?? ""}>
      {label ?? classLabel(value)}
    </span>
  );
}

/**
 * A build below the incident threshold: a muted "healthy" pill, not its class's colour. The
 * classifier names a class for every inspected process, healthy or not; it follows as plain text
 * ("healthy · MUC room"), since it still says what the largest mailbox held.
 */
export function HealthyBadge({ value, testId }: { value: string | null | undefined; testId?: string }) {
  return (
    <span data-testid={testId} data-class={value ?? ""} data-healthy="">
      <span className="badge badge-healthy">healthy</span>
      {value ? <span className="muted small"> · {classLabel(value)}</span> : null}
    </span>
  );
}
