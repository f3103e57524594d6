import Link from "next/link";
import type { BuildDetail } from "@/lib/db/queries";
import { Breakable } from "@/components/ui/breakable";
import { ClassBadge } from "@/components/ui/class-badge";
import { buildLabel, formatCount, formatDuration, formatTime, roomHref, safeHttpUrl } from "@/components/ui/format";
import { SOURCE_LABELS } from "@/components/ui/source-kinds";
import { CopyLinkButton } from "./copy-link-button";
import { SampleGroups } from "./sample-groups";
import { TopTable } from "./top-table";

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

function Neighbours({ build }: { build: BuildDetail }) {
  if (!build.previous && !build.next) return null;
  return (
    <nav className="build-nav" aria-label="builds of the same job" data-testid="build-nav">
      {build.previous ? (
        <Link href={build.previous.permalink} rel="prev" data-testid="build-previous">
          ← #{build.previous.number}
        </Link>
      ) : (
        <span className="muted">first build of {build.job}</span>
      )}
      {build.next ? (
        <Link href={build.next.permalink} rel="next" data-testid="build-next">
          #{build.next.number} →
        </Link>
      ) : (
        <span className="muted">latest build of {build.job}</span>
      )}
    </nav>
  );
}

function Culprit({ build }: { build: BuildDetail }) {
  const span = build.incidentSpan;
  return (
    <section className="panel culprit" data-testid="culprit">
      <h2>Culprit</h2>
      {build.culprit ? (
        <>
          <p className="culprit-line">
            <ClassBadge value={build.culprit.class} testId="culprit-class" />{" "}
            <span className="culprit-subject" data-testid="culprit-subject">
              <Breakable text={build.culprit.subject ?? "no subject"} />
              {build.culprit.service ? " (MUC service: the log names no room)" : ""}
            </span>
          </p>
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
        <p data-testid="culprit-none">{build.incident ? "Not classified." : "No process over the incident threshold: a healthy build."}</p>
      )}
      <dl className="facts">
        <dt>inspected pid</dt>
        <dd className="mono" data-testid="inspected-pid">
          {build.inspectedPid ?? "—"}
        </dd>
        <dt>its queue</dt>
        <dd>{build.dead ? <strong className="danger">died before it could be inspected</strong> : formatCount(build.inspectedQueueLen)}</dd>
        <dt>worst queue</dt>
        <dd>{formatCount(build.worstQueueLen)}</dd>
        {build.rule ? (
          <>
            <dt>rule</dt>
            <dd className="mono" data-testid="culprit-rule">
              {build.rule}
            </dd>
          </>
        ) : null}
      </dl>
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
      {span ? (
        <p className="incident-span" data-testid="incident-span">
          Part of an incident over {span.buildCount} {span.buildCount === 1 ? "build" : "builds"} ({formatDuration(span.durationMs)}, peak{" "}
          {formatCount(span.peakQueueLen)})
          {span.buildCount > 1 ? (
            <>
              : from <Link href={span.firstBuild.permalink}>#{span.firstBuild.number ?? "?"}</Link> to{" "}
              <Link href={span.lastBuild.permalink}>#{span.lastBuild.number ?? "?"}</Link>
            </>
          ) : null}
          .
        </p>
      ) : null}
    </section>
  );
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
            {build.killedCount ? <span data-testid="killed"> · the watchdog killed {build.killedCount} process(es)</span> : null}
          </p>
          <p>
            <CiLink url={build.url} />
          </p>
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
          <TopTable top={build.top} inspectedPid={build.inspectedPid} />
        </section>
      </div>
      <section className="panel">
        <h2>Messages in {build.inspectedPid ?? "the inspected process"}</h2>
        <SampleGroups samples={build.samples} />
      </section>
      <p className="muted small">
        sha256 <span className="mono">{build.log.sha256}</span> · uploaded {formatTime(build.log.uploadedAt)}
      </p>
    </article>
  );
}
