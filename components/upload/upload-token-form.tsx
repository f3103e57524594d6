"use client";

// Asks for the upload token where the server needs one (INGEST_TOKEN), before
// any file is dropped on the upload page and in the upload panel once a file
// waits for it. The token is typed into a password field and kept by the
// upload provider for the tab's session; this form never shows it back.
import { useId, useState } from "react";
import { tokenPromptText } from "./upload-token";
import { useUploads } from "./upload-provider";

/** `showEntered`: also say that a token is kept, with a way to forget it (the upload page). */
export function UploadTokenForm({ showEntered = false }: { showEntered?: boolean }) {
  const { token } = useUploads();
  const [problem, setProblem] = useState<string | null>(null);
  const inputId = useId();

  if (token.entered) {
    if (!showEntered) return null;
    return (
      <p className="muted small" data-testid="upload-token-status">
        Uploads from this tab send the upload token entered earlier.{" "}
        <button type="button" className="link-button" onClick={token.forget} data-testid="upload-token-forget">
          forget it
        </button>
      </p>
    );
  }
  if (!token.required && token.waiting === 0) return null;
  return (
    <form
      className="upload-token notice"
      data-testid="upload-token-form"
      onSubmit={(event) => {
        event.preventDefault();
        const input = new FormData(event.currentTarget).get("token");
        setProblem(token.submit(typeof input === "string" ? input : ""));
      }}
    >
      <p data-testid="upload-token-message" data-reason={token.reason} role={token.reason === "rejected" ? "alert" : undefined}>
        {tokenPromptText(token.reason, token.waiting)}
      </p>
      <div className="upload-token-row">
        <label htmlFor={inputId}>Upload token</label>
        <input
          id={inputId}
          name="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          data-testid="upload-token-input"
          aria-invalid={problem !== null || token.reason === "rejected"}
        />
        <button type="submit" data-testid="upload-token-submit">
          {token.waiting > 0 ? "Use it and send" : "Use it"}
        </button>
      </div>
      {problem ? (
        <p className="upload-error" role="alert" data-testid="upload-token-problem">
          {problem}
        </p>
      ) : null}
    </form>
  );
}

/** The header's hint: where to drop, and that uploads will ask for the token. */
export function UploadHint() {
  const { token } = useUploads();
  return (
    <span className="header-hint muted" data-testid="upload-hint">
      {token.required && !token.entered ? "drop logs anywhere to upload (asks for the upload token)" : "drop logs anywhere to upload"}
    </span>
  );
}
