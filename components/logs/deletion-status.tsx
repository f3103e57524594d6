"use client";

// The Logs page's polite status: what was deleted. A deleted log's row goes with its own
// elements, so the status lives above them, on the page, rendered empty from the start (a
// live region created with its text is not announced), and kept through router.refresh().
import { createContext, useContext, useState, type ReactNode } from "react";

const SayDeleted = createContext<(text: string) => void>(() => {});

export function DeletionStatus({ children }: { children: ReactNode }) {
  const [text, setText] = useState("");
  return (
    <SayDeleted value={setText}>
      {children}
      <p className="visually-hidden" role="status" data-testid="logs-status">
        {text}
      </p>
    </SayDeleted>
  );
}

/** Says a text in the page's status (nothing outside a DeletionStatus). */
export function useSayDeleted(): (text: string) => void {
  return useContext(SayDeleted);
}
