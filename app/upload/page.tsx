import { SampleLogList } from "@/components/overview/sample-logs";
import { FilePicker } from "@/components/upload/file-picker";
import { UploadHistory } from "@/components/upload/upload-history";
import { UploadTokenForm } from "@/components/upload/upload-token-form";

export const metadata = { title: "Upload · Mailbox incident dashboard" };

export default function UploadPage() {
  return (
    <>
      <h1>Upload logs</h1>
      <section className="panel upload-box" data-testid="upload-box">
        <p>
          Drop one or several console logs of the mailbox monitor anywhere in the window, or <FilePicker label="choose files…" />
        </p>
        <p className="muted small">
          Plain text or gzip. Uploading the same log twice stores it once. CI jobs can POST to <code>/api/logs</code> directly.
        </p>
        <UploadTokenForm showEntered />
      </section>
      <UploadHistory />
      <section className="panel">
        <h2>Sample logs</h2>
        <SampleLogList />
      </section>
    </>
  );
}
