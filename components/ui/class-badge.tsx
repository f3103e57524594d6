import { classLabel } from "./culprit-classes";

/** The culprit class as a coloured pill (colour from CSS: .badge-<class>). */
export function ClassBadge({ value, testId }: { value: string | null | undefined; testId?: string }) {
  return (
    <span className={`badge badge-${value ?? "none"}`} data-testid={testId} data-class={value ?? ""}>
      {classLabel(value)}
    </span>
  );
}
