"use client";

// Incidents and blocked builds per room (top rooms), as horizontal bars; a
// click opens the room.
import { useRouter } from "next/navigation";
import { useRef, type ComponentProps } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Text, Tooltip, XAxis, YAxis } from "recharts";
import { escapeBidiControls } from "@/components/ui/bidi-controls";
import { cjkLang, hasCjk } from "@/components/ui/cjk-lang";
import { roomHref } from "@/components/ui/format";
import { ShownControls } from "@/components/ui/shown-controls";
import { plural } from "@/lib/wording";
import { bandAt, rowAtPointer } from "./active-index";
import { usePointerFocusGuard } from "./pointer-focus";
import { useEndKeys } from "./end-keys";
import { MAX_LABEL, roomLabels } from "./room-labels";
import { ChartAnnouncer, KeepActivePoint, SayActivePoint } from "./say-active-point";
import { useBoxWidth } from "./box-width";
import { useUntabbableLayers } from "./untabbable-layers";

export type RoomBar = { jid: string; name: string; incidents: number; builds: number };

type TickProps = ComponentProps<typeof Text> & { index: number; payload: { value: string } };

/**
 * A bar's label as recharts draws it, with the whole JID as its hover title (the label may be cut).
 * A label in Chinese (Japanese, Korean) says its language, as the room's name does in the pages'
 * HTML (cjk-lang.ts): the page is English, and a screen reader would read the Han characters in it.
 */
function RoomTick({ jid, payload, ...props }: TickProps & { jid: string | undefined }) {
  const label = payload.value;
  return (
    <g lang={hasCjk(label) ? cjkLang(label) : undefined}>
      {jid ? <title>{escapeBidiControls(jid)}</title> : null}
      <Text {...props}>{payload.value}</Text>
    </g>
  );
}

/**
 * How many columns a bar's label may take in a chart this wide (room-labels.ts's textColumns: a
 * CJK character takes two): at most 40% of the width (at 12px, about 6.6px a column), so that on a
 * phone the bars keep the rest; MAX_LABEL when wide.
 */
export function labelLimit(width: number | null): number {
  if (width === null) return MAX_LABEL;
  return Math.max(10, Math.min(MAX_LABEL, Math.floor((width * 0.4) / 6.6)));
}

/**
 * The key recharts steps a vertical chart's rows with, for the key pressed: it moves a chart laid out
 * top to bottom backwards (ArrowLeft to the next row down).
 */
const STEP_KEYS: Record<string, string | undefined> = { ArrowDown: "ArrowLeft", ArrowRight: "ArrowLeft", ArrowUp: "ArrowRight", ArrowLeft: "ArrowRight" };

/** A key pressed while the chart is drawn anew for Home or End, as recharts is to take it (end-keys.ts). */
const translateRoomKey = (key: string) => STEP_KEYS[key] ?? key;

/** The keys recharts steps the rooms with toward the top one and toward the bottom one (end-keys.ts: Home and End). */
const ROOM_ENDS = { first: STEP_KEYS.ArrowUp!, last: STEP_KEYS.ArrowDown! };

/** A bar as the live region says it when the arrow keys step to it (the whole JID: the label may be cut). */
const describeRoom = (room: RoomBar) => `${room.jid}: ${plural(room.incidents, "incident")}, ${plural(room.builds, "build")} blocked`;

/** `filters`: the page's, which a room's page opened from a bar keeps. */
export function RoomIncidentsChart({ rooms, filters }: { rooms: RoomBar[]; filters?: Readonly<Record<string, string | undefined>> }) {
  const router = useRouter();
  const box = useRef<HTMLDivElement>(null);
  const width = useBoxWidth(box);
  useUntabbableLayers(box);
  /** A press focuses the chart: kept from recharts, which would show its first row for it (pointer-focus.ts). */
  const pointerFocus = usePointerFocusGuard();
  const said = useRef<HTMLSpanElement>(null);
  /** The room the tooltip shows (the pointer's, or the one the arrow keys stepped to): Enter opens it. */
  const shown = useRef<RoomBar | null>(null);
  const height = Math.max(140, 44 * rooms.length + 60);
  // Counts are whole numbers: with small ones, one tick per count (recharts'
  // own ticks ran the axis to 4 for a largest count of 1).
  const max = Math.max(1, ...rooms.map((r) => Math.max(r.incidents, r.builds)));
  const ticks = max <= 8 ? Array.from({ length: max + 1 }, (_, i) => i) : undefined;
  // One distinct label per bar: rooms of one name on two hosts, or long names alike but for their
  // ends, read as one room under the name alone (and the category axis needs distinct values).
  const labels = roomLabels(rooms, labelLimit(width));
  const data = rooms.map((room, i) => ({ ...room, label: labels[i]! }));
  // Home and End: to the top room and the bottom one (end-keys.ts: the chart is drawn anew for them).
  const endKeys = useEndKeys(box, rooms.length, ROOM_ENDS, translateRoomKey);
  return (
    <div
      className="chart"
      data-testid="rooms-chart"
      data-rooms={rooms.length}
      ref={box}
      {...pointerFocus}
      onKeyDownCapture={(event) => {
        // Rooms run down the chart; recharts steps a vertical chart's rows backwards (ArrowRight went
        // up the list) and knows no ArrowUp/ArrowDown (an accessibility review). Down and right step to
        // the next room, up and left to the one before: the key recharts takes for that is sent instead.
        endKeys.onKeyDownCapture(event);
        if (event.isPropagationStopped()) return;
        const step = STEP_KEYS[event.key];
        if (step && event.nativeEvent.isTrusted && (event.target as Element).closest?.(".recharts-wrapper")) {
          event.preventDefault();
          event.stopPropagation();
          event.target.dispatchEvent(new KeyboardEvent("keydown", { key: step, bubbles: true, cancelable: true }));
        }
      }}
      onKeyDown={(event) => {
        // Enter opens the room shown, as a click does (recharts' own Enter only toggles its tooltip).
        const room = shown.current;
        if (event.key === "Enter" && room && (event.target as Element).closest?.(".recharts-wrapper")) {
          event.preventDefault();
          router.push(roomHref(room.jid, filters));
        }
      }}
    >
      <ResponsiveContainer key={endKeys.generation} width="100%" height={height}>
        <BarChart
          title="Incidents per room"
          desc={`${data.length} rooms: the builds each blocked and its incidents; the arrow keys step from room to room, Home and End go to the first and the last; Enter opens the one shown`}
          data={data}
          layout="vertical"
          margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
          onClick={(state, event) => {
            // The room whose band the pointer is in (rooms down the y axis), not recharts' active one: a tap
            // came before it moved there (active-index.ts).
            const index = rowAtPointer(box.current, event, state, rooms.length, (plot) => bandAt(plot, event.clientY, "y", rooms.length));
            if (index !== null) router.push(roomHref(rooms[index]!.jid, filters));
          }}
          style={{ cursor: "pointer" }}
        >
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" horizontal={false} />
          <XAxis
            type="number"
            allowDecimals={false}
            domain={ticks ? [0, max] : [0, "auto"]}
            ticks={ticks}
            stroke="var(--muted)"
            fontSize={12}
          />
          {/* As wide as the longest label (labels are cut to labelLimit's columns, never longer): a fixed
              width cut the start of long names off at the chart's edge. */}
          <YAxis
            type="category"
            dataKey="label"
            width="auto"
            stroke="var(--muted)"
            fontSize={12}
            tick={(props: TickProps) => <RoomTick {...props} jid={data[props.index]?.jid} />}
          />
          <Tooltip
            cursor={{ fill: "var(--border)", fillOpacity: 0.4 }}
            contentStyle={{ background: "var(--card)", border: "1px solid var(--border)", color: "var(--fg)" }}
            isAnimationActive={false}
            // The whole JID: the bar's label may be cut or lack the host.
            // As text, with its language and its bidirectional controls shown (shown-controls.tsx).
            labelFormatter={(_label, payload) => <ShownControls text={(payload?.[0]?.payload as RoomBar | undefined)?.jid ?? String(_label)} />}
          />
          {/* In the bars' order (incidents above builds blocked in each room), not recharts' alphabetical one. */}
          <Legend
            itemSorter={(item) => (item.dataKey === "incidents" ? 0 : 1)}
            formatter={(value: string) => <span style={{ color: "var(--fg)" }}>{value}</span>}
          />
          <Bar dataKey="incidents" name="incidents" fill="#e0533d" maxBarSize={18} isAnimationActive={false} />
          <Bar dataKey="builds" name="builds blocked" fill="#2f8fdd" maxBarSize={18} isAnimationActive={false} />
          <SayActivePoint<RoomBar> target={said} describe={describeRoom} />
          <KeepActivePoint<RoomBar> targetRef={shown} />
        </BarChart>
      </ResponsiveContainer>
      <ChartAnnouncer target={said} />
    </div>
  );
}
