"use client";

// ## The upload page: drop or choose logs, and name the build they are of
//
// A console saved by hand from the CI's web page (the seed's excerpts) has no JOB_NAME= or
// BUILD_NUMBER= line: stored as it is, its build has no job or number, no address of its own, and
// joins no incident or timeline of its job. These optional fields are POST /api/logs's query
// parameters of the same names, sent with every file dropped (anywhere in the window) or chosen
// while this page is shown. They are checked here with the server's own schema before anything is
// sent (lib/upload/form-meta.ts), and again by the server: whatever it refuses a file of the last
// drop for is said here, beside the fields, as well as under the file.
import { useCallback, useEffect, useId, useMemo, useRef, useState, type ReactNode } from "react";
import { batchProblem, buildFromCiUrl, checkMeta, EMPTY_META, hasMeta, META_FIELDS, type FieldErrors, type MetaField, type MetaInput } from "@/lib/upload/form-meta";
import { FilePicker, type FilePickerHandle } from "./file-picker";
import { useUploads } from "./upload-provider";
import { shownErrorText } from "./upload-types";

type FieldText = { label: string; placeholder: string; hint: ReactNode; inputMode?: "numeric" | "url" };

/** The fields' words; `logUtcOffset`: the server's LOG_UTC_OFFSET, what a blank utcOffset means. */
const fieldTexts = (logUtcOffset: string): Record<MetaField, FieldText> => ({
  job: {
    label: "CI job",
    placeholder: "e.g. ProductCI_ejabberd_mqueue_random_monitor",
    hint: (
      <>
        Overrides the log&apos;s <code>JOB_NAME=</code> line and a file name like <code>job_25877.log</code>. Goes with every file dropped at once.
      </>
    ),
  },
  number: {
    label: "Build number",
    placeholder: "e.g. 25877",
    inputMode: "numeric",
    hint: (
      <>
        Overrides <code>BUILD_NUMBER=</code> and the file name&apos;s number. Names one build: drop one file at a time with it.
      </>
    ),
  },
  attempt: {
    label: "Attempt",
    placeholder: "e.g. 2, or next",
    hint: (
      <>
        Which run of the build number the console is, for a CI that re-runs a build under the same number (1 when blank);{" "}
        <code>next</code>: the one after the latest stored.
      </>
    ),
  },
  startedAt: {
    label: "Started at",
    placeholder: "e.g. 2015-08-23T00:34:01+08:00",
    hint: (
      <>
        ISO 8601 with a time zone (<code>Z</code> or <code>+08:00</code>). Overrides the times the log prints. One file at a time.
      </>
    ),
  },
  utcOffset: {
    label: "Log's UTC offset",
    placeholder: "e.g. +08:00",
    hint: (
      <>
        The offset of times the log prints without a zone (<code>2015-08-23 00:34:01</code>: the CI host&apos;s clock). Blank: this
        server&apos;s <code>LOG_UTC_OFFSET</code>, <code>{logUtcOffset}</code>. Times printed with a zone keep theirs.
      </>
    ),
  },
  url: {
    label: "Build URL",
    placeholder: "e.g. http://ci.example.org/job/…/25877/",
    inputMode: "url",
    hint: (
      <>
        The build&apos;s page on the CI (http or https). Overrides <code>BUILD_URL=</code>. One file at a time.
      </>
    ),
  },
});

/**
 * The upload box of the upload page: the drop hint, the file picker and the build fields, in one form.
 * `logUtcOffset`: the server's LOG_UTC_OFFSET (what the log's zone-less times are taken at when the field is blank).
 */
export function UploadMetaForm({ logUtcOffset = "Z" }: { logUtcOffset?: string }) {
  const { items, setMetaSource } = useUploads();
  const [values, setValues] = useState<MetaInput>(EMPTY_META);
  /** The values as typed, for a drop: read when it happens, not when this last rendered. */
  const current = useRef<MetaInput>(EMPTY_META);
  const [errors, setErrors] = useState<FieldErrors>({});
  /** Why the last drop was not sent, or null. */
  const [refusal, setRefusal] = useState<string | null>(null);
  /** The last drop sent with fields: what the server refused of it is said here. */
  const [lastBatch, setLastBatch] = useState<number | null>(null);
  /** Fields edited since that drop: the server's word on them is old. */
  const [edited, setEdited] = useState<ReadonlySet<MetaField>>(new Set());
  const picker = useRef<FilePickerHandle>(null);
  const inputs = useRef<Partial<Record<MetaField, HTMLInputElement | null>>>({});
  const base = useId();
  const FIELDS = useMemo(() => fieldTexts(logUtcOffset), [logUtcOffset]);
  const idOf = (field: MetaField, part: "input" | "hint" | "error") => `${base}-${field}-${part}`;

  /** Checks the fields; on a problem shows it and focuses the first bad field. The fields to send, or null. */
  const check = useCallback((focus: boolean) => {
    const checked = checkMeta(current.current);
    if (checked.ok) {
      setErrors({});
      return checked.meta;
    }
    setErrors(checked.errors);
    const bad = Object.keys(checked.errors).length;
    setRefusal(`Nothing was sent: ${bad === 1 ? "the build field marked above is" : `the ${bad} build fields marked above are`} not right.`);
    const first = META_FIELDS.find((field) => checked.errors[field] !== undefined);
    if (focus && first) inputs.current[first]?.focus();
    return null;
  }, []);

  useEffect(() => {
    setMetaSource({
      take: (files, batch) => {
        const meta = check(true);
        if (meta === null) return "refused";
        const problem = batchProblem(meta, files);
        if (problem !== null) {
          setRefusal(problem);
          return "refused";
        }
        setRefusal(null);
        setEdited(new Set());
        setLastBatch(hasMeta(meta) ? batch : null);
        return meta;
      },
    });
    return () => setMetaSource(null);
  }, [check, setMetaSource]);

  // ## What the server refused of the last drop sent with fields
  const refused = useMemo(
    () => (lastBatch === null ? [] : items.filter((item) => item.batch === lastBatch && item.phase === "error" && item.error !== null)),
    [items, lastBatch],
  );
  const serverErrors: FieldErrors = {};
  for (const item of refused) {
    for (const field of META_FIELDS) {
      const message = item.error?.fields?.[field];
      if (message !== undefined && !edited.has(field)) serverErrors[field] ??= message;
    }
  }

  const change = (patch: Partial<MetaInput>) => {
    const fields = META_FIELDS.filter((field) => patch[field] !== undefined);
    current.current = { ...current.current, ...patch };
    setValues(current.current);
    setEdited((before) => new Set([...before, ...fields]));
    // A field shown wrong is checked again as it is typed: its message goes as soon as it is right,
    // and the word on the last drop once every field is.
    if (fields.some((field) => errors[field] !== undefined) || refusal !== null) {
      const again = checkMeta(current.current);
      setErrors((before) => ({ ...before, ...Object.fromEntries(fields.map((field) => [field, again.ok ? undefined : again.errors[field]])) }));
      if (again.ok) setRefusal(null);
    }
  };

  // A Jenkins build page's address names the job and number: offered, not imposed.
  const fromUrl = buildFromCiUrl(values.url);
  const suggestion = fromUrl !== null && (fromUrl.job !== values.job.trim() || fromUrl.number !== values.number.trim()) ? fromUrl : null;

  const blur = (field: MetaField) => {
    if (current.current[field].trim() === "") return setErrors((before) => ({ ...before, [field]: undefined }));
    const again = checkMeta(current.current);
    setErrors((before) => ({ ...before, [field]: again.ok ? undefined : again.errors[field] }));
  };

  const clear = () => {
    current.current = EMPTY_META;
    setValues(EMPTY_META);
    setErrors({});
    setRefusal(null);
    setEdited(new Set(META_FIELDS));
  };

  return (
    <form
      className="upload-meta"
      data-testid="upload-meta-form"
      noValidate
      onSubmit={(event) => {
        // Enter in a field, or the picker's button: the fields are checked, then the chooser opens.
        event.preventDefault();
        if (check(true) === null) return;
        setRefusal(null);
        picker.current?.open();
      }}
    >
      <p>
        Drop one or several console logs of the mailbox monitor anywhere in the window, or <FilePicker label="choose files…" submit handle={picker} />
      </p>
      <p className="muted small">
        Plain text or gzip. Uploading the same log twice stores it once. CI jobs can POST to <code>/api/logs</code> directly.
      </p>
      <fieldset className="upload-meta-fields" aria-describedby={`${base}-about`}>
        <legend>Which build is it? (optional)</legend>
        <p id={`${base}-about`} className="muted small">
          For a console saved by hand without <code>JOB_NAME=</code> and <code>BUILD_NUMBER=</code> lines: a build stored with no job and number
          joins no incident or timeline of its job. Left blank, a field takes what the log says.
        </p>
        <div className="upload-meta-grid">
          {META_FIELDS.map((field) => {
            const text = FIELDS[field];
            const error = errors[field] ?? serverErrors[field];
            return (
              <div key={field} className="upload-meta-field" data-testid={`upload-meta-${field}`}>
                <label htmlFor={idOf(field, "input")}>
                  {text.label} <span className="muted small">({field})</span>
                </label>
                <input
                  id={idOf(field, "input")}
                  ref={(element) => {
                    inputs.current[field] = element;
                  }}
                  name={field}
                  type="text"
                  inputMode={text.inputMode}
                  autoComplete="off"
                  spellCheck={false}
                  placeholder={text.placeholder}
                  value={values[field]}
                  onChange={(event) => change({ [field]: event.currentTarget.value })}
                  onBlur={() => blur(field)}
                  aria-invalid={error !== undefined}
                  aria-describedby={`${idOf(field, "hint")}${error !== undefined ? ` ${idOf(field, "error")}` : ""}`}
                  data-testid={`upload-meta-${field}-input`}
                />
                <span id={idOf(field, "hint")} className="muted small">
                  {text.hint}
                </span>
                {error !== undefined ? (
                  <span id={idOf(field, "error")} className="upload-error small" data-testid={`upload-meta-${field}-error`}>
                    {field}: {error}
                  </span>
                ) : null}
                {field === "url" && suggestion !== null ? (
                  <button type="button" className="link-button" onClick={() => change(suggestion)} data-testid="upload-meta-from-url">
                    take job {suggestion.job} and number {suggestion.number} from this URL
                  </button>
                ) : null}
              </div>
            );
          })}
        </div>
        <button type="button" className="link-button" onClick={clear} data-testid="upload-meta-clear">
          clear the fields
        </button>
      </fieldset>
      <div aria-live="polite" data-testid="upload-meta-status">
        {refusal !== null ? (
          <p className="upload-error" role="alert" data-testid="upload-meta-refusal">
            {refusal}
          </p>
        ) : null}
        {refused.length > 0 ? (
          <div className="upload-error" role="alert" data-testid="upload-meta-server">
            <p>The server refused {refused.length === 1 ? "the file" : `${refused.length} files`} sent with these fields; nothing of {refused.length === 1 ? "it" : "them"} was stored:</p>
            <ul>
              {refused.map((item) => {
                const error = item.error!;
                const where = error.line !== undefined ? `${error.file ?? item.fileName}:${error.line}${error.column !== undefined ? `:${error.column}` : ""}` : (error.file ?? item.fileName);
                return (
                  <li key={item.id} data-testid="upload-meta-server-error">
                    <code className="where">{where}</code> {shownErrorText(error, item.fileName, where)}
                  </li>
                );
              })}
            </ul>
          </div>
        ) : null}
      </div>
    </form>
  );
}
