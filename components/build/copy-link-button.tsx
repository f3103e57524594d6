"use client";

import { useState } from "react";

/** Copies the absolute permalink of the page to the clipboard. */
export function CopyLinkButton({ path }: { path: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  async function copy() {
    const url = new URL(path, window.location.origin).href;
    try {
      await navigator.clipboard.writeText(url);
      setState("copied");
    } catch {
      // Clipboard refused (insecure origin, permissions): let the user copy by hand.
      window.prompt("Copy this link", url);
      setState("failed");
    }
    window.setTimeout(() => setState("idle"), 2000);
  }
  return (
    <>
      <button type="button" onClick={copy} data-testid="copy-link" className="secondary">
        {state === "copied" ? "Link copied" : "Copy link"}
      </button>
      {/* The button's new words are not read out (a name change is not announced): said here too, politely. */}
      <span className="visually-hidden" role="status" data-testid="copy-link-status">
        {state === "copied" ? "Link copied" : ""}
      </span>
    </>
  );
}
