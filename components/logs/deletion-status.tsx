"use client";

// The Logs page's polite status: what was deleted. A deleted log's row goes with its own
// elements, so the status lives above them, on the page, rendered empty from the start (a
// live region created with its text is not announced), and kept through router.refresh().
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from "react";

const SayDeleted = createContext<(text: string) => void>(() => {});

/** How long the status stays empty before the next text: a render of its own, which a screen reader sees as a change. */
const EMPTIED_MS = 50;

export function DeletionStatus({ children }: { children: ReactNode }) {
  const [text, setText] = useState("");
  const timer = useRef<number | undefined>(undefined);
  // Emptied first: the same words again (two logs named console.log, CI's every push) are then a
  // change, said again; set to the same text, the region did not change and said nothing.
  const say = useCallback((next: string) => {
    setText("");
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setText(next), EMPTIED_MS);
  }, []);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  return (
    <SayDeleted value={say}>
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
