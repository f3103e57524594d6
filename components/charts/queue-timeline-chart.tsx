"use client";

// The top list's largest queue per build over time, one dot per build,
// coloured and shaped by culprit class (a build below the incident threshold is grey:
// healthy, whatever its class). Hover shows build, pid and culprit; a click (the
// pointer released within CLICK_SLOP pixels of where it went down) opens the build;
// dragging across the chart zooms: the range goes into the URL as from/to, so a
// zoomed view is a link like every other filter. A drag that spans no range (both
// ends on one point) does nothing. The y axis is
// linear or logarithmic (queue-scale.ts), also kept in the URL (`scale`); the x axis
// places builds by time or side by side in time order (time-axis.ts, `axis`).
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo, useRef, useState } from "react";
import {
  CartesianGrid,
  ComposedChart,
  Legend,
  ReferenceArea,
  ResponsiveContainer,
  Scatter,
  Symbols,
  Tooltip,
  XAxis,
  YAxis,
  type ScatterShapeProps,
  type SymbolsProps,
  type TooltipContentProps,
} from "recharts";
import { stuckProcess } from "@/components/build/stuck-process";
import { CLASS_COLORS, CLASS_SHAPES, NO_CLASS_COLOR, NO_CLASS_SHAPE, classLabel, type ClassShape } from "@/components/ui/culprit-classes";
import { buildLabel, displayOffset, formatDay, formatShortTime, formatTime } from "@/components/ui/format";
import { ShownControls } from "@/components/ui/shown-controls";
import type { TimelinePoint } from "@/lib/db/queries";
import { offsetMinutes } from "@/lib/utc-offset";
import { nearestAt, rowAtPointer } from "./active-index";
import { usePointerFocusGuard } from "./pointer-focus";
import { LEFT_TO_RIGHT, useEndKeys } from "./end-keys";
import { autoScale, compactCount, logTicks, parseScale, type QueueScale } from "./queue-scale";
import { autoTimeAxis, indexTicks, parseTimeAxis, timeTicks, type TimeAxis } from "./time-axis";
import { ChartAnnouncer, SayActivePoint } from "./say-active-point";
import { useUntabbableLayers } from "./untabbable-layers";

/** One build on the chart: the read API's timeline point (a type only; nothing server-side is bundled). */
export type TimelinePointProps = TimelinePoint;

/**
 * `t`: the build's time (ms), its x on the time axis; `i`: its place in time order, its x on the
 * builds axis; `y`: its height (the queue); `series`: its class, or "none" (seriesOf).
 */
type Row = TimelinePointProps & { t: number; i: number; y: number; series: string };

/** How far (px) the pointer may move between press and release for a click: further, it is a drag. */
const CLICK_SLOP = 4;

const SERIES = [...Object.keys(CLASS_COLORS), "none"];
/** What the y axis counts (the dots are builds; their height is a queue length in messages). */
const Y_LABEL = { value: "messages queued", angle: -90, position: "insideLeft", offset: 0, fill: "var(--muted)", fontSize: 12, style: { textAnchor: "middle" } } as const;
/**
 * A build's series: its class for an incident; for an incident whose run inspected no process, its
 * incident's class (`unknown` until a build of it inspects the process: lib/incidents/group.ts; the
 * `class` filter keeps it there too); "none" (healthy, grey) for a build below the threshold,
 * whatever its class.
 */
const seriesOf = (point: Pick<TimelinePointProps, "culpritClass" | "incident" | "incidentClass">) => {
  if (!point.incident) return "none";
  const own = point.culpritClass ?? point.incidentClass ?? "unknown";
  return own in CLASS_COLORS ? own : "none";
};
const seriesName = (series: string) => (series === "none" ? "healthy" : classLabel(series));
const seriesColor = (series: string) => CLASS_COLORS[series] ?? NO_CLASS_COLOR;
const seriesShape = (series: string): ClassShape => CLASS_SHAPES[series] ?? NO_CLASS_SHAPE;

/**
 * A build's marker: its class's symbol and colour, over a round hit area centred on the point. A
 * triangle or star is not centred on its box: at the top of the chart, pointing at the middle of
 * one pointed above the plot, where the tooltip does not open. One series draws every build, each
 * in its class's marker: a series per class walked every build (each drawing nothing for the
 * others'), seven times the work: 1,500 builds held the page for seconds.
 */
function BuildMarker(props: ScatterShapeProps & SymbolsProps) {
  if (typeof props.cx !== "number" || typeof props.cy !== "number" || !Number.isFinite(props.cx + props.cy)) return null;
  const series = (props.payload as Row | undefined)?.series ?? "none";
  return (
    <>
      <circle cx={props.cx} cy={props.cy} r={8} fill="transparent" />
      <Symbols {...props} type={seriesShape(series)} fill={seriesColor(series)} />
    </>
  );
}

/** The legend: one entry per class present, drawn as recharts' own legend draws a series' (its classes and markup). */
function TimelineLegend({ present }: { present: string[] }) {
  return (
    <ul className="recharts-default-legend" style={{ padding: 0, margin: 0, textAlign: "center" }}>
      {present.map((series, k) => (
        <li key={series} className={`recharts-legend-item legend-item-${k}`} style={{ display: "inline-block", marginRight: 10 }}>
          <svg className="recharts-surface" width={14} height={14} viewBox="0 0 32 32" style={{ display: "inline-block", verticalAlign: "middle", marginRight: 4 }} aria-hidden>
            <Symbols cx={16} cy={16} size={32} sizeType="diameter" type={seriesShape(series)} fill={seriesColor(series)} />
          </svg>
          <span className="recharts-legend-item-text" style={{ color: "var(--fg)" }}>
            {seriesName(series)}
          </span>
        </li>
      ))}
    </ul>
  );
}

function PointTooltip({ active, payload }: TooltipContentProps) {
  const row = payload?.[0]?.payload as Row | undefined;
  if (!active || !row) return null;
  // What the subject is to the inspected pid (for sql, the connection whose data fills it), as in the lists.
  const details = row.culpritClass ? stuckProcess({ culpritClass: row.culpritClass, subject: row.subject, pid: row.pid }).brief : row.subject;
  return (
    <div className="chart-tooltip" data-testid="timeline-tooltip">
      {/* The job's name and the room come from the log: their language and bidi controls shown (shown-controls.tsx). */}
      <strong>
        <ShownControls text={buildLabel({ ...row, startedAt: row.startedAt })} />
      </strong>
      {row.startedAt ? (
        <div>{formatTime(row.at)}</div>
      ) : (
        // Placed at its upload: the log gives no time, and an old log would otherwise look like today's.
        <div data-testid="tooltip-untimed">uploaded {formatTime(row.at)} · the log gives no start time</div>
      )}
      <div>
        top-list queue <strong>{row.queueLen?.toLocaleString("en-US") ?? "—"}</strong>
        {row.pid ? <> · inspected pid {row.pid}</> : null}
      </div>
      {row.incident && !row.culpritClass ? (
        <div data-testid="tooltip-uninspected">
          culprit: {classLabel(row.incidentClass ?? "unknown")}
          {row.incidentClass && row.incidentClass !== "unknown" ? " (its incident's)" : ""} — the log names no inspected process
        </div>
      ) : row.incident ? (
        <div>
          culprit: {classLabel(row.culpritClass)}
          {details && details !== classLabel(row.culpritClass) ? (
            <>
              {" — "}
              <ShownControls text={details} />
            </>
          ) : null}
        </div>
      ) : (
        // Below the threshold: the class is what the largest mailbox held, not a culprit.
        <div data-testid="tooltip-healthy">
          healthy
          {row.culpritClass ? ` · largest queue: ${classLabel(row.culpritClass)}` : ""}
          {row.culpritClass && details && details !== classLabel(row.culpritClass) ? ` — ${details}` : ""}
        </div>
      )}
      <div className="muted">
        {/* A finger taps (globals.css: .with-touch shows on touch screens alone). */}
        <span className="with-mouse">click (or Enter)</span>
        <span className="with-touch">tap</span> to open the build
      </div>
    </div>
  );
}

/** A build as the live region says it when the arrow keys step to it: what the tooltip shows, in one line. */
function describeBuild(row: Row): string {
  const queue = `top-list queue ${row.queueLen?.toLocaleString("en-US") ?? "unknown"}`;
  const verdict = !row.incident ? "healthy" : `culprit: ${classLabel(row.culpritClass ?? "unknown")}`;
  return `${buildLabel({ ...row, startedAt: row.startedAt })}, ${row.startedAt ? formatTime(row.at) : "no start time"}: ${queue}, ${verdict}`;
}

/**
 * One of the view toggles above the chart (the time axis, the queue axis): a labelled group of
 * buttons, the current value pressed; a button's test id is `<name>-<value>`.
 */
function ViewToggle<V extends string>(props: {
  label: string;
  ariaLabel?: string;
  name: "axis" | "scale";
  value: V;
  options: { value: V; text: string; title?: string }[];
  choose: (name: "axis" | "scale", value: V) => void;
}) {
  return (
    <span role="group" aria-label={props.ariaLabel ?? props.label} className="chart-control">
      <span className="muted small">{props.label}</span>
      {props.options.map((option) => (
        <button
          key={option.value}
          type="button"
          className={`toggle${props.value === option.value ? " active" : ""}`}
          aria-pressed={props.value === option.value}
          data-testid={`${props.name}-${option.value}`}
          title={option.title}
          onClick={() => props.choose(props.name, option.value)}
        >
          {option.text}
        </button>
      ))}
    </span>
  );
}

type Props = {
  points: TimelinePointProps[];
  /** The page's current query string values, kept when zooming. */
  query: Record<string, string>;
  height?: number;
};

export function QueueTimelineChart({ points, query, height = 320 }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const chosenScale = parseScale(searchParams.get("scale"));
  const chosenAxis = parseTimeAxis(searchParams.get("axis"));
  const [dragFrom, setDragFrom] = useState<number | null>(null);
  const [dragTo, setDragTo] = useState<number | null>(null);
  /** Where the pointer went down (client px): tells a click from a drag at release. */
  const downAt = useRef<{ x: number; y: number } | null>(null);
  /** The build the tooltip shows (the pointer's, or the one the arrow keys stepped to): Enter opens it. */
  const shown = useRef<Row | null>(null);
  /** The chart's box: its recharts layer groups are kept out of the Tab order (untabbable-layers.ts). */
  const box = useRef<HTMLDivElement>(null);
  useUntabbableLayers(box);
  /** A press focuses the chart: kept from recharts, which would show its first row for it (pointer-focus.ts). */
  const pointerFocus = usePointerFocusGuard();
  /** The live region the arrow keys' steps are said in (say-active-point.tsx). */
  const said = useRef<HTMLSpanElement>(null);

  const rows = useMemo<Row[]>(
    () =>
      points
        .map((point) => ({ ...point, t: new Date(point.at).getTime(), i: 0, y: point.queueLen ?? 0, series: seriesOf(point) }))
        .filter((row) => Number.isFinite(row.t))
        .map((row, i) => ({ ...row, i })),
    [points],
  );
  // Home and End: to the first build and the latest (end-keys.ts: the chart is drawn anew for them).
  const endKeys = useEndKeys(box, rows.length, LEFT_TO_RIGHT);
  const axis: TimeAxis = chosenAxis ?? autoTimeAxis(rows.map((row) => row.t));
  const byBuild = axis === "builds";
  const ticks = useMemo(() => {
    if (byBuild) return indexTicks(rows.length);
    const first = rows[0]?.t;
    const last = rows[rows.length - 1]?.t;
    if (first === undefined || last === undefined || first === last) return undefined;
    // Round times on the clock the labels are in (a day's ticks at its midnight, not UTC's).
    const round = timeTicks(first, last, offsetMinutes(displayOffset()));
    return round.length >= 2 ? round : Array.from({ length: 6 }, (_, i) => Math.round(first + ((last - first) * i) / 5));
  }, [rows, byBuild]);
  const longSpan = rows.length > 1 && (rows[rows.length - 1]?.t ?? 0) - (rows[0]?.t ?? 0) > 200 * 86_400_000;
  /** An x value (a time, or a place in time order) as the time it stands for. */
  const timeAt = (x: number) => (byBuild ? (rows[Math.round(x)]?.t ?? NaN) : x);
  /**
   * By build, ticks fall where the builds are, not at even times: a day of many builds may hold
   * several. A tick whose date no other tick has shows the date (the year with it), the others
   * their day and time too (`09-01 04:12`, with the year when the axis spans more than 200 days).
   */
  const sharedDates = useMemo(() => {
    if (!byBuild || !ticks) return new Set<string>();
    const dates = ticks.map((x) => {
      const t = rows[x]?.t;
      return t === undefined ? "" : formatDay(t);
    });
    return new Set(dates.filter((date, k) => dates.indexOf(date) !== k));
  }, [byBuild, ticks, rows]);
  const tickText = (x: number) => {
    const t = timeAt(x);
    if (!Number.isFinite(t)) return "";
    const date = formatDay(t);
    if (byBuild) return sharedDates.has(date) ? `${longSpan ? `${date.slice(0, 4)}-` : ""}${formatShortTime(t)}` : date;
    return longSpan ? date : formatShortTime(t);
  };
  const present = useMemo(() => {
    const seen = new Set(rows.map((row) => row.series));
    return SERIES.filter((name) => seen.has(name));
  }, [rows]);
  const scale: QueueScale = chosenScale ?? autoScale(points.map((p) => p.queueLen));
  const yTicks = useMemo(() => (scale === "log" ? logTicks(Math.max(0, ...points.map((p) => p.queueLen ?? 0))) : undefined), [scale, points]);

  /** The page's filters, plus the scale and axis when the URL names them. */
  function viewParams(): URLSearchParams {
    const next = new URLSearchParams(query);
    if (chosenScale) next.set("scale", chosenScale);
    if (chosenAxis) next.set("axis", chosenAxis);
    return next;
  }

  function chooseView(key: "scale" | "axis", value: string) {
    const next = viewParams();
    next.set(key, value);
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  }

  /** Zooms to the builds between two x values (times, or places in time order). */
  function zoom(x1: number, x2: number) {
    const a = timeAt(x1);
    const b = timeAt(x2);
    if (!Number.isFinite(a) || !Number.isFinite(b)) return;
    const next = viewParams();
    next.set("from", new Date(Math.min(a, b)).toISOString());
    // `to` is exclusive: one millisecond past the last point selected.
    next.set("to", new Date(Math.max(a, b) + 1).toISOString());
    next.delete("page");
    router.push(`${pathname}?${next.toString()}`);
  }

  const numeric = (value: unknown) => (typeof value === "number" ? value : null);
  /** The x axis' domain: places in time order by build, else the first and last times (recharts' dataMin, dataMax). */
  const xDomain: [number, number] = byBuild
    ? [-0.5, Math.max(rows.length - 0.5, 0.5)]
    : [Math.min(...rows.map((row) => row.t)), Math.max(...rows.map((row) => row.t))];

  return (
    <div
      ref={box}
      className="chart"
      data-testid="timeline-chart"
      data-points={rows.length}
      data-scale={scale}
      data-axis={axis}
      {...pointerFocus}
      onKeyDownCapture={endKeys.onKeyDownCapture}
      onKeyDown={(event) => {
        // The arrow keys step from build to build (recharts' keyboard layer), Home and End to the first and the
        // latest; Enter opens the one shown, as a click does; Escape hides the tooltip (recharts keeps its place),
        // and then Enter opens nothing.
        if (event.key === "Escape") {
          shown.current = null;
          return;
        }
        const row = shown.current;
        if (event.key === "Enter" && row && (event.target as Element).closest?.(".recharts-wrapper")) {
          event.preventDefault();
          router.push(row.permalink);
        }
      }}
    >
      <div className="chart-controls">
        <ViewToggle
          label="time axis"
          name="axis"
          value={axis}
          options={[
            { value: "time", text: "by time", title: "each build at its time: gaps show" },
            { value: "builds", text: "by build", title: "builds side by side in time order, evenly spaced: each tick names its build's time" },
          ]}
          choose={chooseView}
        />
        <ViewToggle
          label="queue axis"
          ariaLabel="y axis scale"
          name="scale"
          value={scale}
          options={[
            { value: "linear", text: "linear" },
            { value: "log", text: "log" },
          ]}
          choose={chooseView}
        />
      </div>
      <ResponsiveContainer key={endKeys.generation} width="100%" height={height}>
        <ComposedChart
          // The chart's name for a screen reader (its role is "application": arrow keys step through the builds, the tooltip says each).
          title="Top-list queue per build"
          desc={`${rows.length} builds, ${byBuild ? "side by side in time order" : "by time"}; the left and right arrow keys step from build to build, Home and End go to the first and the latest; Enter opens the one shown`}
          data={rows}
          // By build the last tick is at the right edge: room for its label.
          margin={{ top: 8, right: byBuild ? 40 : 16, bottom: 8, left: 8 }}
          onMouseDown={(state, event) => {
            downAt.current = { x: event.clientX, y: event.clientY };
            const label = numeric(state.activeLabel);
            setDragFrom(label);
            setDragTo(label);
          }}
          onMouseMove={(state) => {
            if (dragFrom !== null) setDragTo(numeric(state.activeLabel));
          }}
          onMouseUp={(state, event) => {
            const from = dragFrom;
            const to = dragTo;
            const down = downAt.current;
            downAt.current = null;
            setDragFrom(null);
            setDragTo(null);
            // A release with no press on the chart (it went down elsewhere) is neither.
            if (down === null) return;
            const click = Math.hypot(event.clientX - down.x, event.clientY - down.y) <= CLICK_SLOP;
            if (!click) {
              // A drag: a zoom when it spans a range, else nothing (never a build it happened to end on).
              if (from !== null && to !== null && from !== to) zoom(from, to);
              return;
            }
            // The build nearest to the pointer along the time axis (as the tooltip takes it on a hover), not
            // recharts' active one: a tap came before it moved there, and opened the first build (active-index.ts).
            const index = rowAtPointer(box.current, event, state, rows.length, (plot) =>
              nearestAt(plot, event.clientX, xDomain, byBuild ? rows.map((row) => row.i) : rows.map((row) => row.t)),
            );
            if (index !== null) router.push(rows[index]!.permalink);
          }}
          style={{ cursor: "pointer", userSelect: "none" }}
        >
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
          {byBuild ? (
            <XAxis
              dataKey="i"
              type="number"
              domain={xDomain}
              ticks={ticks}
              // Where labels would overlap (a phone's width), some are left out; the first and last stay.
              interval="preserveStartEnd"
              minTickGap={8}
              tickFormatter={tickText}
              stroke="var(--muted)"
              fontSize={12}
            />
          ) : (
            <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} ticks={ticks} tickFormatter={tickText} stroke="var(--muted)" fontSize={12} />
          )}
          {scale === "log" ? (
            <YAxis
              scale="symlog"
              domain={[0, yTicks?.[yTicks.length - 1] ?? 1]}
              ticks={yTicks}
              interval={0}
              tickFormatter={compactCount}
              stroke="var(--muted)"
              fontSize={12}
              width={72}
              allowDecimals={false}
              label={Y_LABEL}
            />
          ) : (
            <YAxis tickFormatter={compactCount} stroke="var(--muted)" fontSize={12} width={72} allowDecimals={false} label={Y_LABEL} />
          )}
          <Tooltip
            content={(props: TooltipContentProps) => {
              shown.current = props.active ? ((props.payload?.[0]?.payload as Row | undefined) ?? null) : null;
              return <PointTooltip {...props} />;
            }}
            isAnimationActive={false}
          />
          <Legend content={<TimelineLegend present={present} />} />
          <Scatter name="builds" dataKey="y" shape={BuildMarker} isAnimationActive={false} />
          <SayActivePoint<Row> target={said} describe={describeBuild} />
          {dragFrom !== null && dragTo !== null && dragFrom !== dragTo ? (
            <ReferenceArea x1={dragFrom} x2={dragTo} strokeOpacity={0.3} fill="var(--accent)" fillOpacity={0.15} />
          ) : null}
        </ComposedChart>
      </ResponsiveContainer>
      <ChartAnnouncer target={said} />
    </div>
  );
}
