// Colours and labels of the culprit classes (lib/validation/query.ts CULPRIT_CLASSES).
// Chart colours are fixed hex values (recharts paints SVG attributes); the
// badges use darker shades of the same hues through CSS classes (app/globals.css
// .badge-<class>), dark enough for their white text to reach 4.5:1.

export const CLASS_LABELS: Record<string, string> = {
  muc_room: "MUC room",
  // Every SQL driver's connection (p1_mysql, ejabberd_sql, epgsql): the build page names which.
  sql: "SQL connection",
  rpc: "rpc (rex)",
  gen_call: "gen_server call",
  dead: "process died",
  unknown: "unknown",
};

export const CLASS_COLORS: Record<string, string> = {
  muc_room: "#e0533d",
  sql: "#2f8fdd",
  rpc: "#9b59d0",
  gen_call: "#d99a1e",
  // Not a grey: healthy builds are grey (NO_CLASS_COLOR), and two greys read as one.
  dead: "#c2378f",
  unknown: "#3aa676",
};

export const NO_CLASS_COLOR = "#b0b5bf";

/**
 * The timeline's marker per class, and in its legend: a reader who cannot tell
 * two colours apart tells the shapes (recharts' symbol types).
 */
export type ClassShape = "circle" | "cross" | "diamond" | "square" | "star" | "triangle" | "wye";

export const CLASS_SHAPES: Record<string, ClassShape> = {
  muc_room: "triangle",
  sql: "square",
  rpc: "diamond",
  gen_call: "star",
  dead: "cross",
  unknown: "wye",
};

export const NO_CLASS_SHAPE: ClassShape = "circle";

export function classLabel(value: string | null | undefined): string {
  if (!value) return "healthy";
  return CLASS_LABELS[value] ?? value;
}

export function classColor(value: string | null | undefined): string {
  return (value ? CLASS_COLORS[value] : undefined) ?? NO_CLASS_COLOR;
}
