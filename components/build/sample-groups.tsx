import type { ReactNode } from "react";
import type { SampleDto } from "@/lib/db/queries";
import { printControl } from "@/lib/erlang-term/printer";
import { Breakable } from "@/components/ui/breakable";
import { ShownControls } from "@/components/ui/shown-controls";
import { TermView } from "@/components/term/term-view";
import { describeGroup, groupSamples } from "./group-samples";

/** Decoded binaries the raw text does not already show (e.g. packets printed as byte lists). */
const hidden = (sample: SampleDto) => sample.decoded.filter((text) => text.trim() !== "" && !sample.raw.includes(text));

/** C0 controls but tab and line feed, DEL and the C1 controls: a font draws them as empty boxes, or nothing. */
const CONTROL_CHARS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/**
 * A decoded binary's text with its control characters written as Erlang writes them (`\x{1e}`,
 * `\e`, `\r`: printControl, marked), as the term view shows them: a MySQL packet decoded holds a
 * few, which showed as empty boxes here and `\x{1e}` in the term.
 */
function DecodedText({ text }: { text: string }) {
  const pieces: ReactNode[] = [];
  let at = 0;
  for (const match of text.matchAll(CONTROL_CHARS)) {
    if (match.index > at) pieces.push(<ShownControls key={`t${at}`} text={text.slice(at, match.index)} />);
    pieces.push(
      <span key={`c${match.index}`} className="control-char" data-testid="control-char">
        {printControl(match[0].charCodeAt(0))}
      </span>,
    );
    at = match.index + match[0].length;
  }
  if (at < text.length) pieces.push(<ShownControls key={`t${at}`} text={text.slice(at)} />);
  return pieces;
}

/**
 * How much of the messages' text the page holds (each message's, and all of theirs): the page
 * carries every message's text to the browser, folded or not, and a build of 1,000 messages of
 * 50 KB was a 50 MB page that took 1.2 GB of the server's memory to render (a security review,
 * 2026-12-07). A message longer than the first is shown cut (the term view reads a cut term), and
 * once the second is spent the rest are named by their summary alone; the build's API answer
 * (`apiPath`) holds every message whole.
 */
export const SAMPLE_PAGE_CHARS = 100_000;
export const SAMPLES_PAGE_CHARS = 2_000_000;

/**
 * The messages as the page shows them: each one's text and its decoded binaries the text does not
 * show already (`hiddenDecoded`), cut to the bounds above, and how much of them is left out.
 */
export function pageSamples(
  samples: SampleDto[],
  perSample = SAMPLE_PAGE_CHARS,
  all = SAMPLES_PAGE_CHARS,
): (SampleDto & { hiddenDecoded: string[]; omittedChars: number; shown: boolean })[] {
  let left = all;
  return samples.map((sample) => {
    const extra = hidden(sample);
    const size = sample.raw.length + extra.reduce((n, text) => n + text.length, 0);
    if (left <= 0) return { ...sample, raw: "", hiddenDecoded: [], omittedChars: size, shown: false };
    const room = Math.min(perSample, left);
    const raw = sample.raw.length > room ? sample.raw.slice(0, room) : sample.raw;
    const hiddenDecoded = extra.map((text) => (text.length > room ? text.slice(0, room) : text));
    const kept = raw.length + hiddenDecoded.reduce((n, text) => n + text.length, 0);
    left -= kept;
    return { ...sample, raw, hiddenDecoded, omittedChars: size - kept, shown: true };
  });
}

/** The inspected mailbox's first messages, grouped by kind and destination, each one foldable. */
export function SampleGroups({ samples: stored, apiPath, empty }: { samples: SampleDto[]; apiPath?: string; empty?: string }) {
  if (stored.length === 0)
    return (
      <p className="muted" data-testid="samples-none">
        {empty ?? "The log shows no messages for the inspected process."}
      </p>
    );
  const samples = pageSamples(stored);
  const groups = groupSamples(samples);
  const cut = samples.filter((sample) => sample.shown && sample.omittedChars > 0).length;
  const unshown = samples.filter((sample) => !sample.shown).length;
  return (
    <div className="sample-groups" data-testid="sample-groups">
      {cut + unshown > 0 ? (
        <p className="notice small" data-testid="samples-cut">
          {[
            cut > 0 ? `${cut === 1 ? "a message is" : `${cut.toLocaleString("en-US")} messages are`} too long to show whole here` : null,
            unshown > 0 ? `${unshown === 1 ? "a message is" : `${unshown.toLocaleString("en-US")} messages are`} named alone` : null,
          ]
            .filter(Boolean)
            .join(", and ")
            .replace(/^./, (c) => c.toUpperCase())}{" "}
          (the page shows {SAMPLE_PAGE_CHARS.toLocaleString("en-US")} characters of each message, {SAMPLES_PAGE_CHARS.toLocaleString("en-US")} in all; characters
          as JavaScript counts them, an emoji two)
          {apiPath ? (
            <>
              : the build&apos;s JSON, <a href={apiPath}>{apiPath}</a>, holds every message whole
            </>
          ) : null}
          .
        </p>
      ) : null}
      {groups.map((group) => (
        <section key={group.key} className="sample-group" data-testid="sample-group">
          <h3 data-testid="sample-group-title">
            <Breakable text={describeGroup(group, samples.length)} />
          </h3>
          {group.samples.map((sample) =>
            sample.shown ? (
              <div key={sample.id}>
                <TermView raw={sample.raw} summary={sample.summary} index={sample.index} defaultOpen={sample === groups[0]?.samples[0]} cutHere={sample.omittedChars > 0} />
                {sample.omittedChars > 0 ? (
                  <p className="muted small" data-testid="sample-cut">
                    #{sample.index + 1}: its last {sample.omittedChars.toLocaleString("en-US")} characters are not shown here.
                  </p>
                ) : null}
                {sample.hiddenDecoded.length > 0 ? (
                  <details className="decoded">
                    {/* Named by its message: under a list of messages, a bare "binaries decoded" read as the next one's. */}
                    <summary>
                      #{sample.index + 1}&apos;s binaries decoded as text ({sample.hiddenDecoded.length})
                    </summary>
                    <ul data-testid="sample-decoded">
                      {sample.hiddenDecoded.map((text, i) => (
                        <li key={i}>
                          <DecodedText text={text} />
                        </li>
                      ))}
                    </ul>
                  </details>
                ) : null}
              </div>
            ) : (
              <p key={sample.id} className="sample muted small" data-testid="sample-not-shown">
                #{sample.index + 1} <Breakable text={sample.summary} /> (not shown here: {sample.omittedChars.toLocaleString("en-US")} characters)
              </p>
            ),
          )}
        </section>
      ))}
    </div>
  );
}
