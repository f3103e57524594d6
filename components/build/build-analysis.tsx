import Link from "next/link";
import type { BuildDetail, NeighbourBuild } from "@/lib/db/queries";
import { hrefWith } from "@/components/filters/parse-search-params";
import { Breakable } from "@/components/ui/breakable";
import { ClassBadge } from "@/components/ui/class-badge";
import { classLabel } from "@/components/ui/culprit-classes";
import { buildLabel, formatAge, formatCount, formatTime, incidentDuration, NUMBERS_SPANNED_TITLE, roomHref, safeHttpUrl } from "@/components/ui/format";
import { SOURCE_LABELS } from "@/components/ui/source-kinds";
import { plural } from "@/lib/wording";
import { CopyLinkButton } from "./copy-link-button";
import { SampleGroups } from "./sample-groups";
import { stuckOfBuild } from "./stuck-process";
import { TopTable } from "./top-table";
import { BuildLink, incidentLabel, OngoingSince, ongoingWhere } from "@/components/incidents/incidents-table";
import { peakWhen } from "@/components/incidents/peak";

function CiLink({ url }: { url: string | null }) {
  if (!url) return null;
  const href = safeHttpUrl(url);
  return (
    <span data-testid="ci-link">
      CI:{" "}
      {href ? (
        <a href={href} target="_blank" rel="noopener noreferrer nofollow">
          <Breakable text={url} />
        </a>
      ) : (
        <span className="mono">
          <Breakable text={url} />
        </span>
      )}
    </span>
  );
}

/**
 * `This room was stuck before on this job: 2 incidents, the latest from #41390 to #41399 (…)`: "did
 * this happen before?", which took the incidents list filtered by hand (an on-call review).
 */
function EarlierIncidents({ build, earlier }: { build: BuildDetail; earlier: NonNullable<BuildDetail["earlier"]> }) {
  const { latest, count } = earlier;
  // Incidents are keyed by room, or by the stuck pid (lib/incidents/group.ts).
  const what = latest.room ? "This room" : `This process (${latest.key})`;
  const all = hrefWith("/incidents", { job: build.job ?? undefined, ...(latest.room ? { room: latest.room } : { pid: latest.key }) });
  return (
    <p className="incident-span" data-testid="incident-earlier">
      {what} was stuck before on this job: {plural(count, "incident")}, the latest{" "}
      {latest.buildCount > 1 ? (
        <>
          from{" "}
          <BuildLink build={latest.firstBuild} />{" "}
          to{" "}
          <BuildLink build={latest.lastBuild} />
        </>
      ) : (
        <>
          at{" "}
          <BuildLink build={latest.firstBuild} />
        </>
      )}
      {latest.firstAt ? ` (${formatTime(latest.firstAt)}, ${formatAge(latest.firstAt)})` : null}.{" "}
      <Link href={all} data-testid="incident-earlier-all">
        all of its incidents →
      </Link>
    </p>
  );
}

/**
 * `Also in its top list: <6562.783.478> (#2, 388 messages), the stuck process of incident #5: MUC room
 * …, #24282 → #25846.` Another incident going on through this build, its process lower in the list:
 * the build page named its own incident alone (an operator's review of the seed's 24719).
 */
function IncidentsAlongside({ alongside }: { alongside: BuildDetail["alongside"] }) {
  return (
    <p className="incident-span" data-testid="incident-alongside">
      Also in its top list:{" "}
      {alongside.map(({ pid, rank, queueLen, incident }, i) => (
        <span key={incident.id} data-testid="incident-alongside-item">
          {i > 0 ? "; " : null}
          <span className="mono nowrap">{pid}</span> (#{rank}, {plural(queueLen, "message")}), the stuck process of{" "}
          <Link href={`/builds?incidentId=${incident.id}`} title="that incident's builds">
            <Breakable text={incidentLabel(incident)} />
          </Link>
        </span>
      ))}
      .
    </p>
  );
}

/**
 * `(same room)`, `(healthy)`, `(SQL connection)`: what the build next to this one was stuck on, beside
 * its link, so that "the same as last build?" is answered on the page (a new user's review). Its
 * class's name only (the subject in the title): the link is one click away.
 */
function NeighbourVerdict({ neighbour, build, testId }: { neighbour: NeighbourBuild; build: BuildDetail; testId: string }) {
  const text = !neighbour.incident
    ? "healthy"
    : neighbour.culprit && build.incident && build.culprit?.class === neighbour.culprit.class && build.culprit.subject === neighbour.culprit.subject
      ? neighbour.culprit.class === "muc_room" && neighbour.culprit.subject !== null
        ? "same room"
        : "same culprit"
      : neighbour.culprit?.class === "muc_room" && build.incident && build.culprit?.class === "muc_room"
        ? "another room"
        : neighbour.culprit
          ? classLabel(neighbour.culprit.class)
          : "incident";
  return (
    <span className="muted small" title={neighbour.culprit?.subject ?? undefined} data-testid={testId}>
      ({text})
    </span>
  );
}

/**
 * `#3101`, or `#3101 (attempt 1)` next to a re-run of the same number: a plain `#42066` beside
 * "#42066 (attempt 2)" read as this very build (an on-call review).
 */
function neighbourLabel(neighbour: NeighbourBuild, build: BuildDetail): string {
  const label = buildLabel(neighbour, { job: false });
  return neighbour.number !== null && neighbour.number === build.number && neighbour.attempt === 1 ? `${label} (attempt 1)` : label;
}

function Neighbours({ build }: { build: BuildDetail }) {
  if (!build.previous && !build.next) return null;
  return (
    <nav className="build-nav" aria-label="builds of the same job" data-testid="build-nav">
      {build.previous ? (
        <span>
          <Link href={build.previous.permalink} rel="prev" data-testid="build-previous">
            ← {neighbourLabel(build.previous, build)}
          </Link>{" "}
          <NeighbourVerdict neighbour={build.previous} build={build} testId="build-previous-verdict" />
        </span>
      ) : (
        <span className="muted">first build of {build.job}</span>
      )}
      {build.next ? (
        <span>
          <NeighbourVerdict neighbour={build.next} build={build} testId="build-next-verdict" />{" "}
          <Link href={build.next.permalink} rel="next" data-testid="build-next">
            {neighbourLabel(build.next, build)} →
          </Link>
        </span>
      ) : (
        <span className="muted">latest build of {build.job}</span>
      )}
    </nav>
  );
}

/**
 * A build CI ran again under its number (a GitHub Actions re-run): each run is an attempt, stored
 * and linked apart; this one is marked. Nothing when the number has one attempt.
 */
function Attempts({ build }: { build: BuildDetail }) {
  if (build.attempts.length <= 1) return null;
  return (
    <nav className="build-attempts" aria-label={`attempts of build #${build.number}`} data-testid="build-attempts">
      {/* Stored runs, not CI's count: a run whose push failed is not here. */}
      {`Attempt ${build.attempt} of build #${build.number} (${build.attempts.length} runs of it stored): `}
      {build.attempts.map((other, i) => (
        <span key={other.attempt}>
          {i > 0 ? " · " : null}
          {other.attempt === build.attempt ? (
            <strong aria-current="page" data-testid="build-attempt-current">
              attempt {other.attempt}
            </strong>
          ) : (
            <Link href={other.permalink} data-testid={`build-attempt-${other.attempt}`} title={formatTime(other.startedAt)}>
              attempt {other.attempt}
            </Link>
          )}
        </span>
      ))}
    </nav>
  );
}

/**
 * The monitor measures twice: the top list first, then `message queue len of pid`
 * on the worst one a moment later. Both are shown; this says why they differ.
 */
function queueNote(build: BuildDetail): string | null {
  const pid = build.inspectedPid;
  if (pid === null || build.dead || build.inspectedQueueLen === null) return null;
  const listed = build.top.find((row) => row.pid === pid);
  if (listed) {
    if (listed.queueLen === build.inspectedQueueLen) return null;
    return `The monitor measured ${pid} twice: ${formatCount(listed.queueLen)} messages in the top list, then ${formatCount(build.inspectedQueueLen)} when it inspected the process a moment later.`;
  }
  if (build.worstQueueLen === null) return null;
  return `${pid} is not in the top list, whose largest queue was ${formatCount(build.worstQueueLen)}; it had ${formatCount(build.inspectedQueueLen)} messages when inspected.`;
}

function IncidentSpan({ span, self }: { span: NonNullable<BuildDetail["incidentSpan"]>; self: string }) {
  // A process that died before the check has no inspected queue: its top-list one stands in (lib/incidents);
  // so does the top of the list when no process was inspected. The build that gave the peak says which (peakWhen).
  const peakBuild = span.peakBuild;
  const peak = (
    <>
      peak {formatCount(span.peakQueueLen)} {peakWhen(span)}
      {peakBuild && span.buildCount > 1 ? (
        <span data-testid="incident-peak-build">
          {" "}
          {peakBuild.permalink === self ? "in this build" : <>at <BuildLink build={peakBuild} /></>}
        </span>
      ) : null}
      {span.provisional ? ": no process inspected" : null}
    </>
  );
  if (span.buildCount <= 1) {
    return (
      <p className="incident-span" data-testid="incident-span">
        An incident of this build alone ({peak})
        <LastSeen span={span} />
        <Ongoing span={span} self={self} />.
      </p>
    );
  }
  return (
    <p className="incident-span" data-testid="incident-span">
      Part of an incident over {plural(span.buildCount, "build")}
      {span.numbers !== null ? (
        <span title={NUMBERS_SPANNED_TITLE} data-testid="incident-numbers">
          , {formatCount(span.numbers.stored)} of {formatCount(span.numbers.to - span.numbers.from + 1)} build numbers
        </span>
      ) : null}{" "}
      ({incidentDuration(span)}, {peak}): from{" "}
      <BuildLink build={span.firstBuild} />{" "}
      to{" "}
      <BuildLink build={span.lastBuild} />
      <LastSeen span={span} />
      <Ongoing span={span} self={self} />.
    </p>
  );
}

/**
 * `; still going on at the job's latest build, #27140, 11 years ago`: as the incidents list says
 * (its "ongoing"), which the build page did not (a new user's review).
 */
function Ongoing({ span, self }: { span: NonNullable<BuildDetail["incidentSpan"]>; self: string }) {
  if (!span.ongoing) return null;
  const where = ongoingWhere(span);
  // (An incident stored by an older version knows no latest build: lastSeenBuild null. Named none.)
  if (span.lastSeenBuild?.permalink === self) {
    return (
      <span data-testid="incident-ongoing">
        ; <strong>still going on</strong>: this is {where}
      </span>
    );
  }
  return (
    <span data-testid="incident-ongoing">
      ; <strong>still going on</strong> at {where}
      <OngoingSince incident={span} />
    </span>
  );
}

/**
 * `; its process still in the top list until #25870`: present after its last culprit build, lower in
 * the list (lib/incidents/group.ts). Where the problem ended, which "to #25846" alone did not say.
 */
function LastSeen({ span }: { span: NonNullable<BuildDetail["incidentSpan"]> }) {
  const seen = span.lastSeenBuild;
  if (!seen || seen.permalink === span.lastBuild.permalink) return null;
  return (
    <span data-testid="incident-last-seen">
      ; its process still in the top list until{" "}
      <BuildLink build={seen} />
      {/* Its own time (lastSeenAt is the latest of all it was seen in, perhaps an earlier build's). */}
      {seen.startedAt ? <> ({formatTime(seen.startedAt)})</> : null}
    </span>
  );
}

/**
 * A process that died took its messages with it: the next process in the top list is where the
 * seed's reader looked (27140: the inspected pid gone, `<6562.25972.4111>` at 3,837 behind it).
 */
function NextInTop({ build }: { build: BuildDetail }) {
  const next = build.top.find((row) => row.pid !== build.inspectedPid);
  if (!next) return null;
  // The inspected pid not in the list (a list of other processes): its first is no "next".
  const listed = build.top.some((row) => row.pid === build.inspectedPid);
  return (
    <p data-testid="next-in-top">
      {listed ? "Next in the top list" : "Top of the list"}:{" "}
      <Link className="mono" href={`/builds?${new URLSearchParams({ pid: next.pid })}`} title="the builds this pid is in">
        {next.pid}
      </Link>{" "}
      with {plural(next.queueLen, "message")}.
    </p>
  );
}

function Culprit({ build }: { build: BuildDetail }) {
  const span = build.incidentSpan;
  const stuck = stuckOfBuild(build);
  const note = queueNote(build);
  return (
    <section className="panel culprit" data-testid="culprit">
      <h2>Culprit</h2>
      {build.culprit && stuck ? (
        <>
          {build.incident ? null : (
            // The classifier runs on every inspected process; below the threshold its class says
            // what the worst mailbox held, not that anything was stuck.
            <p data-testid="culprit-healthy">
              <strong>A healthy build:</strong> no queue reached the incident threshold. What follows is the process with the largest
              queue and what its mailbox held.
            </p>
          )}
          <p className="culprit-line">
            <ClassBadge value={build.culprit.class} testId="culprit-class" />{" "}
            {stuck.pid ? (
              <span data-testid="stuck-process">
                {/* A dead process was stuck, then gone: "the process", and what follows says it died. */}
                {!build.incident ? "Process with the largest queue" : build.culprit.class === "dead" ? "Process" : "Stuck process"}{" "}
                <strong className="mono" data-testid="stuck-pid">
                  {stuck.pid}
                </strong>
                {stuck.name ? (
                  <>
                    {" "}
                    (<span data-testid="stuck-name">{stuck.name}</span>)
                  </>
                ) : null}
                :
              </span>
            ) : null}
          </p>
          <p data-testid="stuck-what">
            {stuck.what}
            {stuck.subject ? (
              <>
                {" "}
                <span className="culprit-subject" data-testid="culprit-subject">
                  <Breakable text={stuck.subject} />
                  {stuck.after}
                </span>
              </>
            ) : null}
            .
          </p>
          {build.incident && build.culprit.class === "dead" ? <NextInTop build={build} /> : null}
          {build.room ? (
            <p>
              Room:{" "}
              <Link href={roomHref(build.room)} data-testid="culprit-room">
                <Breakable text={build.room} />
              </Link>
            </p>
          ) : null}
        </>
      ) : (
        <p data-testid="culprit-none">
          {!build.incident ? (
            "No process over the incident threshold: a healthy build."
          ) : build.inspectedPid === null && build.top[0] ? (
            // Its incident is of the top of the list, class unknown (lib/incidents/group.ts).
            <>
              Not classified: the log names no inspected process (no <code>message queue len of pid</code> line after its top list). The
              top of the list, <strong className="mono">{build.top[0].pid}</strong> with {formatCount(build.top[0].queueLen)} messages, is taken as
              the stuck process.
            </>
          ) : (
            "Not classified."
          )}
        </p>
      )}
      <dl className="facts">
        <dt>inspected pid</dt>
        <dd className="mono" data-testid="inspected-pid">
          {build.inspectedPid ?? "—"}
        </dd>
        <dt title="message queue len of pid: the inspected process's queue, measured after the top list">queue when inspected</dt>
        <dd data-testid="inspected-queue">
          {build.dead ? (
            build.inspectedQueueLen === null ? (
              <strong className="danger">died before it could be inspected</strong>
            ) : (
              // Its queue was read, then it was gone when its messages were fetched.
              <>
                {formatCount(build.inspectedQueueLen)}, then <strong className="danger">died before its messages could be fetched</strong>
              </>
            )
          ) : (
            formatCount(build.inspectedQueueLen)
          )}
        </dd>
        <dt title="the largest message_queue_len in the monitor's top list, measured first">top-list queue</dt>
        <dd data-testid="top-list-queue">{formatCount(build.worstQueueLen)}</dd>
        {build.rule ? (
          <>
            <dt>rule</dt>
            <dd className="mono" data-testid="culprit-rule">
              {build.rule}
            </dd>
          </>
        ) : null}
      </dl>
      {note ? (
        <p className="muted small" data-testid="queue-note">
          {note}
        </p>
      ) : null}
      {build.evidence.length > 0 ? (
        <>
          <h3>Evidence</h3>
          <ul className="evidence" data-testid="culprit-evidence">
            {build.evidence.map((line, i) => (
              <li key={i}>
                <Breakable text={line} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {span ? <IncidentSpan span={span} self={build.permalink} /> : null}
      {build.earlier ? <EarlierIncidents build={build} earlier={build.earlier} /> : null}
      {build.alongside.length > 0 ? <IncidentsAlongside alongside={build.alongside} /> : null}
    </section>
  );
}

/**
 * Why a build has no messages to show. Without an inspected process none were read, even when the
 * log prints a list with no `message in pid` line before it (the seed's own 11431 excerpt, pasted:
 * an operator's review found "the log shows no messages" there false).
 */
function noSamplesText(build: BuildDetail): string | undefined {
  if (build.inspectedPid === null) return "No process was inspected in this run (the log has no 'message queue len of pid' or 'message in pid' line for one), so no message was read.";
  if (build.dead) return build.inspectedQueueLen === null ? "It died before it could be inspected: no messages to show." : "It died before its messages could be fetched: the log shows none.";
  return undefined;
}

/** Everything one build's permalink shows; shared by /builds/{job}/{number} and /builds/by-id/{id}. */
export function BuildAnalysis({ build }: { build: BuildDetail }) {
  return (
    <article className="build" data-testid="build-analysis" data-build-id={build.id}>
      <header className="page-head">
        <div>
          <h1 data-testid="build-title">
            <Breakable text={buildLabel(build)} />
          </h1>
          {/* The job's other builds. A snapshot without a job has none to list. */}
          {build.job !== null ? (
            <p>
              <Link href={hrefWith("/builds", { job: build.job })} data-testid="job-builds">
                all builds of this job
              </Link>
            </p>
          ) : null}
          <p className="muted">
            {formatTime(build.startedAt)} · log{" "}
            <span className="mono">
              <Breakable text={build.log.fileName} />
            </span>
            {" · "}
            <span data-testid="source-kind">{SOURCE_LABELS[build.sourceKind] ?? build.sourceKind}</span>
            {build.node ? (
              <>
                {" · node "}
                <span className="mono" data-testid="node">
                  <Breakable text={build.node} />
                </span>
              </>
            ) : null}
            {build.killedCount ? <span data-testid="killed"> · the watchdog killed {plural(build.killedCount, "process", "processes")}</span> : null}
          </p>
          <p>
            <CiLink url={build.url} />
          </p>
          <Attempts build={build} />
        </div>
        <div className="head-actions">
          <CopyLinkButton path={build.permalink} />
          <Neighbours build={build} />
        </div>
      </header>
      <div className="two-col">
        <Culprit build={build} />
        <section className="panel">
          <h2>Top processes by queue length</h2>
          <TopTable top={build.top} inspectedPid={build.inspectedPid} job={build.job} />
        </section>
      </div>
      <section className="panel">
        <h2>Messages in {build.inspectedPid ?? "the inspected process"}</h2>
        <SampleGroups samples={build.samples} apiPath={`/api${build.permalink}`} empty={noSamplesText(build)} />
      </section>
      <p className="muted small">
        sha256 <span className="mono">{build.log.sha256}</span> · uploaded {formatTime(build.log.uploadedAt)}
      </p>
    </article>
  );
}
