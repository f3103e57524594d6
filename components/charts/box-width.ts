"use client";

import { type RefObject, useEffect, useState } from "react";

/** The width (px, rounded) of the element `box` holds, followed as it changes; null until measured. */
export function useBoxWidth(box: RefObject<HTMLElement | null>): number | null {
  const [width, setWidth] = useState<number | null>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(entry ? Math.round(entry.contentRect.width) : null));
    observer.observe(element);
    return () => observer.disconnect();
  }, [box]);
  return width;
}
