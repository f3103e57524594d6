import { Fragment } from "react";
import { splitAtBreakPoints } from "./break-points";
import { ShownControls } from "./shown-controls";

/**
 * A long name (room JID, job, URL) with a `<wbr>` after each natural break
 * point, so it wraps at `@`, `.`, `_`… instead of mid-word. The pieces are
 * React text, never HTML: these names come from the logs; a bidirectional
 * control in them is shown, not applied (ShownControls).
 */
export function Breakable({ text }: { text: string }) {
  const pieces = splitAtBreakPoints(text);
  if (pieces.length === 1) return <ShownControls text={text} />;
  return pieces.map((piece, i) => (
    <Fragment key={i}>
      {i > 0 ? <wbr /> : null}
      <ShownControls text={piece} />
    </Fragment>
  ));
}
