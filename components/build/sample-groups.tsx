import type { SampleDto } from "@/lib/db/queries";
import { Breakable } from "@/components/ui/breakable";
import { ShownControls } from "@/components/ui/shown-controls";
import { TermView } from "@/components/term/term-view";
import { describeGroup, groupSamples } from "./group-samples";

/** Decoded binaries the raw text does not already show (e.g. packets printed as byte lists). */
const hidden = (sample: SampleDto) => sample.decoded.filter((text) => text.trim() !== "" && !sample.raw.includes(text));

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
                  <summary>binaries decoded as text ({hidden(sample).length})</summary>
                  <ul data-testid="sample-decoded">
                    {hidden(sample).map((text, i) => (
                      <li key={i}>
                        <ShownControls text={text} />
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
