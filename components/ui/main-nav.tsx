"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const NAV = [
  ["/", "Overview"],
  ["/incidents", "Incidents"],
  ["/rooms", "Rooms"],
  ["/builds", "Builds"],
  ["/logs", "Logs"],
  ["/upload", "Upload"],
] as const;

/** The section a path is in: `/builds/job/7` is in Builds, `/rooms/…` in Rooms. */
export function currentSection(pathname: string): string | null {
  const match = NAV.filter(([href]) => (href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`)));
  return match[0]?.[0] ?? null;
}

/** The site's sections; the one the page is in is marked (aria-current, and shown so). */
export function MainNav() {
  const current = currentSection(usePathname() ?? "/");
  return (
    <nav aria-label="main">
      {NAV.map(([href, label]) => (
        <Link key={href} href={href} data-testid={`nav-${label.toLowerCase()}`} aria-current={href === current ? "page" : undefined}>
          {label}
        </Link>
      ))}
    </nav>
  );
}
