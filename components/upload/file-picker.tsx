"use client";

import { useId, useImperativeHandle, useRef, type Ref } from "react";
import { useUploads } from "./upload-provider";

/** What a form holding the picker as its submit button calls once its fields are checked. */
export type FilePickerHandle = { open: () => void };

/**
 * A keyboard-reachable button that opens the file chooser (several files allowed). `submit`: the
 * button submits the form it is in instead (the upload page's build fields, checked first), and
 * the form opens the chooser through `handle`.
 */
export function FilePicker({ label = "Choose log files…", submit = false, handle }: { label?: string; submit?: boolean; handle?: Ref<FilePickerHandle> }) {
  const { uploadFiles } = useUploads();
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  useImperativeHandle(handle, () => ({ open: () => input.current?.click() }), []);
  return (
    <span className="file-picker">
      <button
        type={submit ? "submit" : "button"}
        onClick={submit ? undefined : () => input.current?.click()}
        data-testid="file-picker"
        aria-controls={id}
      >
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
        // Reached through the button, the one control a screen reader lists (this one read as a second
        // "choose files…" button); named all the same, for tools that list every form control.
        aria-hidden
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
