"use client";

// The incidents that started in each hour, day, week (…) of the list's range, stacked by culprit
// class: whether incidents come more or less often, and of which kind. Buckets are the display
// clock's (lib/time-buckets.ts), the empty ones drawn as zero so that gaps show. A click on a bar
// (or Enter on the one the arrow keys stepped to) narrows the list to its bucket: `from` at its
// start, `to` (exclusive) at its end, as the filter bar writes them.
import { useRouter } from "next/navigation";
import { useMemo, useRef } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import { CLASS_COLORS, classColor, classLabel } from "@/components/ui/culprit-classes";
import { zoneName } from "@/components/ui/format";
import type { IncidentStarts } from "@/lib/db/queries";
import { offsetMinutes as toMinutes } from "@/lib/utc-offset";
import { bucketLabel, bucketSizeName, bucketTick, spansYears } from "@/lib/time-buckets";
import { plural } from "@/lib/wording";
import { bandAt, rowAtPointer } from "./active-index";
import { usePointerFocusGuard } from "./pointer-focus";
import { LEFT_TO_RIGHT, useEndKeys } from "./end-keys";
import { indexTicks, timeTicks } from "./time-axis";
import { ChartAnnouncer, SayActivePoint } from "./say-active-point";
import { useBoxWidth } from "./box-width";
import { useUntabbableLayers } from "./untabbable-layers";

/** One bucket as the chart draws it: its counts under each class's name, its times in ms; `gap` 1 for a stretch cut out. */
type Row = { start: number; end: number; total: number; label: string; gap: number } & Record<string, number | string>;

/** What the y axis counts. */
const Y_LABEL = { value: "incidents started", angle: -90, position: "insideLeft", offset: 0, fill: "var(--muted)", fontSize: 12, style: { textAnchor: "middle" } } as const;

/** Below this width (px) the legend goes under the plot. */
const NARROW = 600;

type Props = {
  starts: IncidentStarts;
  /** The list's parameters (its filters, sort, order, page size): a click keeps them and sets from/to. */
  params: Record<string, string>;
  /** The display offset the buckets were cut in (`Z`, `+08:00`): the labels say times in it. */
  offset: string;
};

/** A bucket's counts, top of the stack first (the legend's order), as the tooltip and the live region say them. */
function countsText(row: Row, classes: string[]): string {
  return [...classes]
    .reverse()
    .filter((name) => Number(row[name]) > 0)
    .map((name) => `${row[name]} ${classLabel(name)}`)
    .join(", ");
}

export function IncidentStartsChart({ starts, params, offset }: Props) {
  const offsetMinutes = toMinutes(offset);
  const router = useRouter();
  const box = useRef<HTMLDivElement>(null);
  const width = useBoxWidth(box);
  useUntabbableLayers(box);
  /** A press focuses the chart: kept from recharts, which would show its first row for it (pointer-focus.ts). */
  const pointerFocus = usePointerFocusGuard();
  const said = useRef<HTMLSpanElement>(null);
  /** The bucket the tooltip shows (the pointer's, or the one the arrow keys stepped to): Enter narrows to it. */
  const shown = useRef<Row | null>(null);
  const { size } = starts;

  // The classes present, in the colours' order (bottom of the stack first); any other after them.
  const classes = useMemo(() => {
    const seen = new Set(starts.buckets.flatMap((bucket) => Object.keys(bucket.counts)));
    return [...Object.keys(CLASS_COLORS).filter((name) => seen.has(name)), ...[...seen].filter((name) => !(name in CLASS_COLORS)).sort()];
  }, [starts.buckets]);
  const rows = useMemo<Row[]>(
    () =>
      starts.buckets.map((bucket) => {
        const start = Date.parse(bucket.start);
        const end = Date.parse(bucket.end);
        // A stretch cut out: named by the days it runs from and to (its last day is the one before `end`).
        const label = bucket.gap
          ? `${bucketLabel(start, { unit: "day", step: 1 }, offsetMinutes)} to ${bucketLabel(end - 1, { unit: "day", step: 1 }, offsetMinutes)}`
          : bucketLabel(start, size, offsetMinutes);
        const row: Row = { start, end, total: bucket.total, label, gap: bucket.gap ? 1 : 0 };
        for (const name of classes) row[name] = bucket.counts[name] ?? 0;
        return row;
      }),
    [starts.buckets, classes, size, offsetMinutes],
  );
  // Home and End: to the first bucket and the last (end-keys.ts: the chart is drawn anew for them).
  const endKeys = useEndKeys(box, rows.length, LEFT_TO_RIGHT);
  /** The starts of the stretches cut out (see countByBucket). */
  const gapAt = useMemo(() => new Set(rows.filter((row) => row.gap).map((row) => row.start)), [rows]);
  // Buckets over more than one year: an hour's or a day's tick says its year.
  const withYear = useMemo(() => spansYears(rows.map((row) => row.start), offsetMinutes), [rows, offsetMinutes]);
  // Ticks at round times of the display clock where a bucket starts there (timeTicks, as the
  // timeline's), else spread evenly over the buckets.
  const ticks = useMemo(() => {
    const first = rows[0]?.start;
    const last = rows[rows.length - 1]?.start;
    if (first === undefined || last === undefined) return [];
    const round = timeTicks(first, last, offsetMinutes, 8).filter((t) => rows.some((row) => row.start === t && !row.gap));
    const ticks = round.length >= 2 ? round : indexTicks(rows.length).map((i) => rows[i]!.start);
    // A stretch cut out is always marked on the axis (its tick says so).
    return [...new Set([...ticks, ...gapAt])].sort((a, b) => a - b);
  }, [rows, gapAt, offsetMinutes]);
  const max = Math.max(1, ...rows.map((row) => row.total));
  const narrow = width !== null && width < NARROW;
  const yTicks = max <= 8 ? Array.from({ length: max + 1 }, (_, i) => i) : undefined;

  const unit = bucketSizeName(size);
  const zone = zoneName(offset);
  const left = [
    starts.earlier > 0 ? `${plural(starts.earlier, "incident")} that started before the range` : "",
    starts.untimed > 0 ? `${plural(starts.untimed, "incident")} with no known start` : "",
  ].filter(Boolean);
  const gapCount = gapAt.size;
  const caption =
    `${plural(starts.charted, "incident")} started, per ${unit} (${zone})` +
    (gapCount > 0 ? `; ${gapCount === 1 ? "a long stretch" : `${gapCount} long stretches`} without any shortened to one mark (⋯)` : "") +
    (left.length > 0 ? `; not drawn: ${left.join(" and ")}` : "") +
    ". A click or a tap on a bar lists the incidents seen in its time.";

  /** The list narrowed to a bucket, within the range it already has. */
  function narrowTo(row: Row) {
    const next = new URLSearchParams(params);
    const from = params.from ? Math.max(row.start, Date.parse(params.from)) : row.start;
    const to = params.to ? Math.min(row.end, Date.parse(params.to)) : row.end;
    next.set("from", new Date(from).toISOString());
    next.set("to", new Date(to).toISOString());
    next.delete("page");
    router.push(`/incidents?${next.toString()}`);
  }

  const describe = (row: Row) =>
    row.gap
      ? `${row.label}: no incident started (shortened)`
      : `${row.label}: ${row.total === 0 ? "no incident started" : `${plural(row.total, "incident")} started (${countsText(row, classes)})`}`;

  return (
    <div
      ref={box}
      className="chart"
      data-testid="incident-starts-chart"
      data-unit={size.unit}
      data-buckets={rows.length}
      data-gaps={gapCount}
      data-counts={JSON.stringify(Object.fromEntries(classes.map((name) => [name, rows.reduce((sum, row) => sum + Number(row[name]), 0)])))}
      {...pointerFocus}
      onKeyDownCapture={endKeys.onKeyDownCapture}
      onKeyDown={(event) => {
        // The arrow keys step from bucket to bucket (recharts' keyboard layer), Home and End to the first and the
        // last; Enter narrows to the one shown, as a click does; Escape hides the tooltip, and then Enter does nothing.
        if (event.key === "Escape") {
          shown.current = null;
          return;
        }
        const row = shown.current;
        if (event.key === "Enter" && row && row.total > 0 && (event.target as Element).closest?.(".recharts-wrapper")) {
          event.preventDefault();
          narrowTo(row);
        }
      }}
    >
      <p className="muted small" data-testid="incident-starts-caption">
        {caption}
      </p>
      <ResponsiveContainer key={endKeys.generation} width="100%" height={240}>
        <BarChart
          title={`Incidents started per ${unit}`}
          desc={`${caption} The left and right arrow keys step from ${size.unit} to ${size.unit}, Home and End go to the first and the last; Enter lists the incidents of the one shown.`}
          data={rows}
          margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
          onClick={(state, event) => {
            // The bucket whose band the pointer is in, not recharts' active one: a tap came before it moved there (active-index.ts).
            const index = rowAtPointer(box.current, event, state, rows.length, (plot) => bandAt(plot, event.clientX, "x", rows.length));
            const row = index === null ? undefined : rows[index];
            // An empty bucket has no bar to click.
            if (row && row.total > 0) narrowTo(row);
          }}
          style={{ cursor: "pointer" }}
        >
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="start"
            ticks={ticks}
            interval="preserveStartEnd"
            minTickGap={8}
            tickFormatter={(start: number) => (gapAt.has(start) ? "⋯" : bucketTick(start, size, offsetMinutes, withYear))}
            stroke="var(--muted)"
            fontSize={12}
          />
          <YAxis allowDecimals={false} domain={yTicks ? [0, max] : [0, "auto"]} ticks={yTicks} stroke="var(--muted)" fontSize={12} width={56} label={Y_LABEL} />
          <Tooltip
            cursor={{ fill: "var(--border)", fillOpacity: 0.4 }}
            content={(props: TooltipContentProps) => {
              const row = props.active ? ((props.payload?.[0]?.payload as Row | undefined) ?? null) : null;
              shown.current = row;
              return row ? <BucketTooltip row={row} classes={classes} /> : null;
            }}
            isAnimationActive={false}
          />
          {/* Top to bottom as the bars stack (the last class drawn is on top): recharts would sort it alphabetically.
              Beside the plot, where it reads as the stack does; below it on a phone, where beside it took the plot's width. */}
          <Legend
            layout={narrow ? "horizontal" : "vertical"}
            align={narrow ? "center" : "right"}
            verticalAlign={narrow ? "bottom" : "middle"}
            itemSorter={(item) => -classes.indexOf(String(item.dataKey))}
            formatter={(value: string) => <span style={{ color: "var(--fg)" }}>{value}</span>}
          />
          {classes.map((name) => (
            <Bar key={name} dataKey={name} name={classLabel(name)} stackId="starts" fill={classColor(name)} maxBarSize={48} isAnimationActive={false} />
          ))}
          <SayActivePoint<Row> target={said} describe={describe} />
        </BarChart>
      </ResponsiveContainer>
      <ChartAnnouncer target={said} />
    </div>
  );
}

/** What one bucket holds, top of the stack first. */
function BucketTooltip({ row, classes }: { row: Row; classes: string[] }) {
  return (
    <div className="chart-tooltip" data-testid="incident-starts-tooltip">
      <strong>{row.label}</strong>
      <div>{row.gap ? "no incident started (a long stretch, shortened to one mark)" : row.total === 0 ? "no incident started" : `${plural(row.total, "incident")} started`}</div>
      {[...classes]
        .reverse()
        .filter((name) => Number(row[name]) > 0)
        .map((name) => (
          <div key={name}>
            <span style={{ color: classColor(name) }} aria-hidden>
              ■{" "}
            </span>
            {classLabel(name)}: {row[name]}
          </div>
        ))}
      {row.total > 0 ? <div className="muted">
          {/* A finger taps (globals.css: .with-touch shows on touch screens alone). */}
          <span className="with-mouse">click (or Enter)</span>
          <span className="with-touch">tap</span> to list the incidents seen in this time
        </div> : null}
    </div>
  );
}
