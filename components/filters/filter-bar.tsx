"use client";

// The filters every list and chart shares (job, a job left out, culprit class, source, room,
// time range), kept in the URL so a view is a link. Submitting replaces those
// fields (and goes back to page 1); filters without a field (`incidentId`, `logId`,
// `pid`, `incident`) and view keys such as `sort` survive (see filter-bar-href.ts).
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { CLASS_LABELS } from "@/components/ui/culprit-classes";
import { displayOffset, zoneName } from "@/components/ui/format";
import { SOURCE_LABELS } from "@/components/ui/source-kinds";
import { filterBarHref, timeFieldValue, toInputValue } from "./filter-bar-href";

export type FilterValues = {
  job?: string;
  excludeJob?: string;
  class?: string;
  sourceKind?: string;
  room?: string;
  from?: string;
  to?: string;
  /** No field for these: they come from links, and a submit keeps them. */
  pid?: string;
  incident?: string;
  incidentId?: string;
  logId?: string;
};

type Props = {
  values: FilterValues;
  jobs: string[];
  /** Keys kept from the current URL (e.g. sort, order, pageSize). */
  keep?: Record<string, string | undefined>;
  /** Hide the room field (a room's own page). */
  hideRoom?: boolean;
  /**
   * Hide the culprit field where every row is a room's (the rooms pages: only MUC room builds name a
   * room, so any other class empties them; a new user's review), unless the address sets one.
   */
  hideClass?: boolean;
};

/** A select over a fixed set of values (their labels as shown), with "all" first. */
function ChoiceSelect(props: { label: string; name: string; testId: string; all: string; choices: Record<string, string>; value?: string }) {
  return (
    <label>
      {props.label}
      <select name={props.name} defaultValue={props.value ?? ""} data-testid={props.testId}>
        <option value="">{props.all}</option>
        {Object.entries(props.choices).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A select over the stored jobs, `none` first; a job the address names that is stored nowhere is kept as an option. */
function JobSelect(props: { label: string; name: string; testId: string; none: string; jobs: string[]; value?: string }) {
  const { value, jobs } = props;
  return (
    <label>
      {props.label}
      <select name={props.name} defaultValue={value ?? ""} data-testid={props.testId}>
        <option value="">{props.none}</option>
        {value && !jobs.includes(value) ? <option value={value}>{value}</option> : null}
        {jobs.map((job) => (
          <option key={job} value={job}>
            {job}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * The control that had focus when the bar was submitted (its test id), and the page it went to. The
 * pages draw a new bar for new filters (`key={JSON.stringify(filters)}`, so that its fields show
 * them), and the old one goes with the focus in it: focus fell to the page's body, and the next Tab
 * started over at the Job field. The new bar takes it back when it is drawn on that page soon after.
 * Clear (a link to the page without filters) goes the same way.
 */
let refocus: { testId: string; pathname: string; at: number } | null = null;
const REFOCUS_WITHIN_MS = 10_000;

function rememberFocus(testId: string, pathname: string): void {
  refocus = { testId, pathname, at: Date.now() };
}

/** The control to focus in a bar just drawn on this page, if a submit on it lost its focus a moment ago (once). */
function takeFocus(pathname: string): string | null {
  const wanted = refocus;
  refocus = null;
  return wanted && wanted.pathname === pathname && Date.now() - wanted.at <= REFOCUS_WITHIN_MS ? wanted.testId : null;
}

const HOUR = 3_600_000;
/** The "Last:" buttons: label, span, test id. */
const LAST_SPANS: readonly (readonly [string, number, string])[] = [
  ["24 h", 24 * HOUR, "filter-last-day"],
  ["7 days", 7 * 24 * HOUR, "filter-last-week"],
  ["30 days", 30 * 24 * HOUR, "filter-last-month"],
];

/** Sets the bar's From to `span` before now (its minute, in `offset`), empties To, and submits it. */
function submitLast(element: HTMLFormElement, span: number, offset: string) {
  const from = element.elements.namedItem("from");
  const to = element.elements.namedItem("to");
  if (!(from instanceof HTMLInputElement) || !(to instanceof HTMLInputElement)) return;
  from.value = toInputValue(new Date(Date.now() - span).toISOString(), offset);
  to.value = "";
  element.requestSubmit();
}

export function FilterBar({ values, jobs, keep = {}, hideRoom = false, hideClass: hideClassAsked = false }: Props) {
  const hideClass = hideClassAsked && !values.class;
  const router = useRouter();
  const pathname = usePathname();
  /** The offset the pages show times in: the time fields hold minutes there. */
  const offset = displayOffset();
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const wanted = takeFocus(pathname);
    if (!wanted) return;
    const found = form.current?.querySelector<HTMLElement>(`[data-testid="${CSS.escape(wanted)}"]`);
    // On a phone the new bar is drawn folded: Apply and the fields are hidden, and the focus goes to
    // the button that unfolds them (the next thing after them), not to the page's start.
    const target = found && found.getClientRects().length === 0 ? form.current?.querySelector<HTMLElement>('[data-testid="filter-toggle"]') : found;
    // Only when focus was lost (on the body): a user who moved on keeps their place.
    if (target && (document.activeElement === null || document.activeElement === document.body)) target.focus();
  }, [pathname]);

  /**
   * On a phone the fields fold under one button (a user's review: the bar, one field a row, filled
   * the first screen, and a list's first row sat below it). Folded by default, and again after each
   * Apply (the bar is drawn anew); "Last:" stays in sight. At a wider width the button is hidden and
   * the fields always show (app/globals.css).
   */
  const [open, setOpen] = useState(false);
  const fieldsId = useId();
  const setCount = [
    values.job,
    values.excludeJob,
    hideClass ? undefined : values.class,
    values.sourceKind,
    hideRoom ? undefined : values.room,
    values.from,
    values.to,
  ].filter((value) => value !== undefined && value !== "").length;

  /**
   * From `span` ago until now: the From field set to that minute, To emptied, and the bar submitted
   * as if typed (a new user's review: "this week's rooms" meant typing a date).
   */
  function lastSpan(span: number) {
    if (form.current) submitLast(form.current, span, offset);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => {
      const value = form.get(name);
      return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
    };
    const fields = {
      job: text("job"),
      excludeJob: text("excludeJob"),
      class: text("class"),
      sourceKind: text("sourceKind"),
      room: hideRoom ? undefined : text("room"),
      // A zoomed range's exact ends stay unless the user changed that field.
      from: timeFieldValue({ input: text("from") ?? "", current: values.from, offset }),
      to: timeFieldValue({ input: text("to") ?? "", current: values.to, offset }),
    };
    // The field Enter was pressed in, or Apply.
    const active = document.activeElement;
    const testId = active && event.currentTarget.contains(active) ? active.getAttribute("data-testid") : null;
    rememberFocus(testId ?? "filter-apply", pathname);
    router.push(filterBarHref({ pathname, current: { ...keep, ...values }, fields }));
  }

  return (
    <form
      ref={form}
      className="filter-bar"
      onSubmit={submit}
      data-testid="filter-bar"
      data-folded={open ? undefined : ""}
      role="search"
      aria-label="filters"
    >
      <button
        type="button"
        className="filter-toggle secondary"
        aria-expanded={open}
        aria-controls={fieldsId}
        onClick={() => setOpen(!open)}
        data-testid="filter-toggle"
      >
        {setCount === 0 ? "Filters" : `Filters (${setCount} set)`}
      </button>
      <div className="filter-fields" id={fieldsId} data-testid="filter-fields">
        <JobSelect label="Job" name="job" testId="filter-job" none="all jobs" jobs={jobs} value={values.job} />
        {/* Every job but one (a staging job's incidents out of the lists and charts): where there is another. */}
        {jobs.length > 1 || values.excludeJob ? (
          <JobSelect label="Except job" name="excludeJob" testId="filter-exclude-job" none="none" jobs={jobs} value={values.excludeJob} />
        ) : null}
        {hideClass ? null : <ChoiceSelect label="Culprit" name="class" testId="filter-class" all="all classes" choices={CLASS_LABELS} value={values.class} />}
        <ChoiceSelect label="Source" name="sourceKind" testId="filter-source" all="all sources" choices={SOURCE_LABELS} value={values.sourceKind} />
        {hideRoom ? null : (
          <label>
            Room
            <input name="room" type="text" defaultValue={values.room ?? ""} placeholder="room, or room@conference…" data-testid="filter-room" />
          </label>
        )}
        <label>
          From ({zoneName(offset)})
          <input name="from" type="datetime-local" defaultValue={toInputValue(values.from, offset)} data-testid="filter-from" />
        </label>
        <label>
          To ({zoneName(offset)})
          <input name="to" type="datetime-local" defaultValue={toInputValue(values.to, offset)} data-testid="filter-to" />
        </label>
        <div className="filter-actions">
          <button type="submit" data-testid="filter-apply">
            Apply
          </button>
          <Link href={pathname} className="button-link secondary" onClick={() => rememberFocus("filter-clear", pathname)} data-testid="filter-clear">
            Clear
          </Link>
        </div>
      </div>
      <div className="filter-last" role="group" aria-label="time range until now">
        Last:
        {LAST_SPANS.map(([label, span, testId]) => (
          <button key={testId} type="button" className="link-button" onClick={() => lastSpan(span)} data-testid={testId}>
            {label}
          </button>
        ))}
      </div>
    </form>
  );
}
