import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { uploadNeedsToken } from "@/lib/auth";
import { readEnv } from "@/lib/env";
import { MainNav } from "@/components/ui/main-nav";
import { UploadPanel } from "@/components/upload/upload-panel";
import { UploadProvider } from "@/components/upload/upload-provider";
import { UploadHint } from "@/components/upload/upload-token-form";
import { WindowDropZone } from "@/components/upload/window-drop-zone";
import "./globals.css";

export const metadata: Metadata = {
  title: "Mailbox incident dashboard",
  description: "Which Erlang process is stuck, build after build: ejabberd mailbox monitor logs, analysed.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Render every page per request: the CSP nonce (proxy.ts) only reaches
  // pages rendered at request time; a prerendered page's scripts would be blocked.
  await connection();
  return (
    // The offset pages show times in, for the browser's formatting to agree with the server's (components/ui/format.ts).
    <html lang="en" data-utc-offset={readEnv().DISPLAY_UTC_OFFSET}>
      <body>
        {/* Without JavaScript the phone's Filters button cannot unfold the filter bar: its fields show, and
            the form submits as a plain GET (a diff review: no filter could be set on a phone). */}
        <noscript>
          <style>
            {"@media (max-width: 30rem) { .filter-bar[data-folded] { display: grid; } .filter-bar[data-folded] > .filter-fields { display: contents; } .filter-toggle { display: none; } }"}
          </style>
        </noscript>
        {/* Whether uploads need INGEST_TOKEN, never the token: the browser asks the user for it. */}
        {/* Past the header's links to the page itself, for keyboard and screen-reader users. */}
        <a href="#main" className="skip-link" data-testid="skip-link">
          Skip to content
        </a>
        <UploadProvider tokenRequired={uploadNeedsToken()}>
          <WindowDropZone>
            <header className="site-header">
              <Link href="/" className="brand">
                Mailbox incident dashboard
              </Link>
              <MainNav />
              <UploadHint />
            </header>
            {/* Fixed at the bottom right; here in the DOM so that Tab reaches it right after the header. */}
            <UploadPanel />
            <main id="main" tabIndex={-1}>
              {children}
            </main>
          </WindowDropZone>
        </UploadProvider>
      </body>
    </html>
  );
}
