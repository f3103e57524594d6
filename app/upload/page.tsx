import { SampleLogList } from "@/components/overview/sample-logs";
import { UploadHistory } from "@/components/upload/upload-history";
import { UploadMetaForm } from "@/components/upload/upload-meta-form";
import { UploadTokenForm } from "@/components/upload/upload-token-form";
import { readEnv } from "@/lib/env";

export const metadata = { title: "Upload · Mailbox incident dashboard" };

export default function UploadPage() {
  return (
    <>
      <h1>Upload logs</h1>
      <section className="panel upload-box" data-testid="upload-box">
        <UploadMetaForm logUtcOffset={readEnv().LOG_UTC_OFFSET} />
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
