/** Says which URL parameters were not understood (and so not applied). */
export function IgnoredParams({ keys }: { keys: string[] }) {
  if (keys.length === 0) return null;
  return (
    <p className="notice" role="status" data-testid="ignored-params">
      Ignored invalid {keys.length === 1 ? "parameter" : "parameters"} in the address: {keys.join(", ")}.
    </p>
  );
}
