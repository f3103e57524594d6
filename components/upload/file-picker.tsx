"use client";

import { useId, useRef } from "react";
import { useUploads } from "./upload-provider";

/** A keyboard-reachable button that opens the file chooser (several files allowed). */
export function FilePicker({ label = "Choose log files…" }: { label?: string }) {
  const { uploadFiles } = useUploads();
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  return (
    <span className="file-picker">
      <button type="button" onClick={() => input.current?.click()} data-testid="file-picker" aria-controls={id}>
        {label}
      </button>
      <input
        id={id}
        ref={input}
        type="file"
        multiple
        accept=".log,.txt,.gz,text/plain,application/gzip"
        className="visually-hidden"
        tabIndex={-1}
        // Reached through the button; named all the same, for tools that list every form control.
        aria-label={label}
        data-testid="file-input"
        onChange={(event) => {
          const files = event.currentTarget.files;
          if (files) uploadFiles(Array.from(files));
          event.currentTarget.value = "";
        }}
      />
    </span>
  );
}
