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

/** The inspected mailbox's first messages, grouped by kind and destination, each one foldable. */
export function SampleGroups({ samples }: { samples: SampleDto[] }) {
  if (samples.length === 0) return <p className="muted">The log shows no messages for the inspected process.</p>;
  const groups = groupSamples(samples);
  return (
    <div className="sample-groups" data-testid="sample-groups">
      {groups.map((group) => (
        <section key={group.key} className="sample-group" data-testid="sample-group">
          <h3 data-testid="sample-group-title">
            <Breakable text={describeGroup(group, samples.length)} />
          </h3>
          {group.samples.map((sample) => (
            <div key={sample.id}>
              <TermView raw={sample.raw} summary={sample.summary} index={sample.index} defaultOpen={sample === groups[0]?.samples[0]} />
              {hidden(sample).length > 0 ? (
                <details className="decoded">
                  {/* Named by its message: under a list of messages, a bare "binaries decoded" read as the next one's. */}
                  <summary>
                    #{sample.index + 1}&apos;s binaries decoded as text ({hidden(sample).length})
                  </summary>
                  <ul data-testid="sample-decoded">
                    {hidden(sample).map((text, i) => (
                      <li key={i}>
                        <DecodedText text={text} />
                      </li>
                    ))}
                  </ul>
                </details>
              ) : null}
            </div>
          ))}
        </section>
      ))}
    </div>
  );
}
