"use client";

import Link from "next/link";
import { classLabel } from "@/components/ui/culprit-classes";
import { buildLabel } from "@/components/ui/format";
import { describeMeta } from "@/lib/upload/form-meta";
import { formatBytes, plural } from "@/lib/wording";
import { useUploads } from "./upload-provider";
import { errorWhere, shownErrorText, type UploadedBuild, type UploadItem } from "./upload-types";

function Progress({ item }: { item: UploadItem }) {
  if (item.phase === "uploading") {
    const percent = item.size > 0 ? Math.min(100, Math.round((item.sent / item.size) * 100)) : 0;
    return (
      <div className="progress-line">
        <progress max={100} value={percent} data-testid="upload-progress" aria-label={`uploading ${item.fileName}`} />
        <span>sending {percent}%</span>
      </div>
    );
  }
  if (item.phase === "ingesting") {
    return (
      <div className="progress-line">
        {/* No value: indeterminate while the server reads and classifies the log. */}
        <progress data-testid="upload-progress" aria-label={`analysing ${item.fileName}`} />
        <span>analysing…</span>
      </div>
    );
  }
  return null;
}

/**
 * What a stored build is: its culprit for an incident; "healthy" for a build below the threshold,
 * with the class the classifier still gave its largest mailbox after it ("healthy · MUC room — …").
 */
function verdict(build: UploadedBuild): string {
  const culprit = build.culprit ? `${classLabel(build.culprit.class)}${build.culprit.subject ? ` — ${build.culprit.subject}` : ""}` : null;
  if (build.incident) return culprit ?? "incident";
  return culprit ? `healthy · ${culprit}` : "healthy";
}

/**
 * A 409's way forward when the file is another run of the stored build (CI ran it again under its
 * number, and its console was saved and dropped here): stored beside it as the build's next attempt.
 */
function StoreAsRerun({ item }: { item: UploadItem }) {
  const { storeAsRerun } = useUploads();
  return (
    <button type="button" className="link-button" data-testid="upload-error-store-rerun" onClick={() => storeAsRerun(item.id)}>
      store this file as another run of that build (a re-run: its next attempt)
    </button>
  );
}

/** `alert`: the error is an alert (where no UploadAnnouncer speaks: the upload page). */
function Result({ item, alert }: { item: UploadItem; alert: boolean }) {
  if (item.phase === "needs-token") {
    return (
      <div className="notice small" data-testid="upload-needs-token">
        Not sent yet: waiting for the upload token. Enter it in the form above and this file goes up again.
      </div>
    );
  }
  if (item.phase === "error" && item.error) {
    const { file, message, permalink, logId, storedLonger, storedSame } = item.error;
    const where = errorWhere(item.error, item.fileName);
    return (
      <div className="upload-error" role={alert ? "alert" : undefined} data-testid="upload-error">
        {where ? (
          <code className="where" data-testid="upload-error-location">
            {where}
          </code>
        ) : null}{" "}
        <span data-testid="upload-error-message">{shownErrorText({ message, permalink, file }, item.fileName, where)}</span>
        {permalink ? (
          // A 409: the build is stored from another log. Its page, and that log's builds, where the Logs page can delete it.
          <div className="small" data-testid="upload-error-stored">
            <Link href={permalink} data-testid="upload-error-stored-build">
              The stored build
            </Link>
            {logId !== undefined ? (
              <>
                {" · "}
                <Link href={`/builds?logId=${logId}`} data-testid="upload-error-stored-log">
                  log {logId}&apos;s builds
                </Link>{" "}
                {storedSame ? (
                  <span data-testid="upload-error-stored-same">(the same run as this file&apos;s, stored already: storing it again would count it twice; another build this file holds goes up in a file of its own)</span>
                ) : storedLonger ? (
                  <span data-testid="upload-error-stored-longer">
                    (that log is longer than this file: if this is an earlier copy of the same console, it is already held and nothing needs doing)
                  </span>
                ) : (
                  <>
                    (delete that log on the <Link href="/logs">Logs</Link> page to upload this one instead)
                  </>
                )}
              </>
            ) : null}
            {/* The stored build is this very run: storing it as a re-run would count it twice. */}
            {storedSame ? null : (
              <>
                {" · or "}
                <StoreAsRerun item={item} />
              </>
            )}
          </div>
        ) : null}
        <div className="muted small">Nothing from this file was stored.</div>
      </div>
    );
  }
  if (item.phase !== "done" && item.phase !== "duplicate") return null;
  // A file that grew since its last upload: the builds stored then are kept (same links), the new ones listed.
  // Past the answer's bound some are not listed (new ones last): counted with the answer's figures.
  const omitted = item.omitted ?? 0;
  const omittedKept = item.omittedKept ?? 0;
  const kept = item.phase === "done" ? item.builds.filter((build) => build.kept).length + omittedKept : 0;
  const added = item.builds.length + omitted - kept;
  const unlisted = omitted - omittedKept;
  return (
    <div>
      {item.phase === "duplicate" ? (
        <p className="notice" data-testid="upload-duplicate">
          Already uploaded: this exact log is stored. Its builds:
        </p>
      ) : (
        <p className="ok" data-testid="upload-done">
          {item.builds.length === 0 && item.buildsUnread
            ? "Stored, but its builds could not be read back for this answer (the warning says why): the log's builds list has them."
            : item.builds.length === 0
            ? "Stored, but the log held no monitor run."
            : kept > 0
              ? `Stored ${plural(added, "new build")}${added > 0 ? ":" : "."} ${plural(kept, "build")} from its last upload ${kept === 1 ? "is" : "are"} kept as ${kept === 1 ? "it was" : "they were"}${unlisted > 0 ? `; the answer listed ${(added - unlisted).toLocaleString("en-US")} of the new ones` : ""}.`
              : `Stored ${plural(added, "build")}${unlisted > 0 ? ` (the answer listed ${(added - unlisted).toLocaleString("en-US")} of them)` : ""}:`}
        </p>
      )}
      {item.notes.map((note, i) => (
        // The server's own words (text, never markup): a duplicate names the log that holds it.
        <p key={i} className="muted small" data-testid="upload-note">
          {note}
        </p>
      ))}
      {item.warnings.map((warning) => (
        <p key={warning} className="notice small" role="status" data-testid="upload-warning">
          {warning}
        </p>
      ))}
      <BuildLinks item={item} builds={kept > 0 ? item.builds.filter((build) => !build.kept) : item.builds} />
    </div>
  );
}

/** Past this many builds, the list shows the first few and a link to all of them. */
const LISTED = 8;
const LISTED_WHEN_LONG = 5;

/**
 * The stored builds, each a link with its verdict. A log of many builds (a generated log, a job's
 * whole history) says how many are incidents and lists a few, with a link to the builds list of
 * the log: 177 links covered the page.
 */
function BuildLinks({ item, builds }: { item: UploadItem; builds: UploadItem["builds"] }) {
  const long = builds.length > LISTED;
  // Builds left out (kept from a log this one grew from) are in the log's list too.
  const more = long || builds.length < item.builds.length || (item.omitted ?? 0) > 0 || item.buildsUnread === true;
  const shown = long ? builds.slice(0, LISTED_WHEN_LONG) : builds;
  const incidents = builds.filter((build) => build.incident).length;
  const all = item.logIds.length === 1 ? `/builds?logId=${item.logIds[0]}` : null;
  return (
    <>
      {long ? (
        <p className="small" data-testid="upload-builds-summary">
          {plural(incidents, "incident build")} · {plural(builds.length - incidents, "healthy build")}
        </p>
      ) : null}
      <ul className="upload-builds">
        {shown.map((build) => (
          <li key={build.id}>
            <Link href={build.permalink} data-testid="upload-build-link">
              {buildLabel(build)}
            </Link>{" "}
            <span className="muted" data-testid="upload-build-verdict">
              {verdict(build)}
            </span>
          </li>
        ))}
      </ul>
      {more ? (
        all ? (
          <Link href={all} data-testid="upload-builds-all">
            {item.buildsUnread ? "the builds of this log →" : `all ${plural(item.builds.length + (item.omitted ?? 0), "build")} of this log →`}
          </Link>
        ) : long ? (
          <p className="muted small" data-testid="upload-builds-more">
            and {plural(builds.length - shown.length, "more build")}
          </p>
        ) : null
      ) : null}
    </>
  );
}

/**
 * The uploads, each with its progress or result. `errorsAlert`: a failure is an alert. Not in the
 * floating panel, whose polite status (UploadAnnouncer) says the failure and its message already:
 * an alert there made a screen reader say it twice.
 */
export function UploadList({ items, errorsAlert = false }: { items: UploadItem[]; errorsAlert?: boolean }) {
  return (
    <ul className="upload-list" data-testid="upload-list">
      {items.map((item) => (
        <li key={item.id} className={`upload-item phase-${item.phase}`} data-testid="upload-item" data-phase={item.phase}>
          <div className="upload-name">
            <span className="mono">{item.fileName}</span> <span className="muted small" data-testid="upload-size">{formatBytes(item.size)}</span>
          </div>
          {item.meta ? (
            // The upload page's build fields it went up with: what its builds are stored under, over what the log says.
            <div className="muted small" data-testid="upload-sent-meta">
              sent with {describeMeta(item.meta)}
            </div>
          ) : null}
          <Progress item={item} />
          <Result item={item} alert={errorsAlert} />
        </li>
      ))}
    </ul>
  );
}
