import { FilePicker } from "@/components/upload/file-picker";
import { SampleLogList } from "./sample-logs";


/** First visit: nothing uploaded yet. */
export function EmptyState() {
  return (
    <section className="empty panel" data-testid="empty-state">
      <h2>No logs yet</h2>
      <p>
        Drop one or several console logs of the mailbox monitor <strong>anywhere on this page</strong>, or choose them:
      </p>
      <p>
        <FilePicker />
      </p>
      <h3>No log at hand? Try these</h3>
      <p className="muted">Download a sample, then drop it here.</p>
      <SampleLogList />
    </section>
  );
}
