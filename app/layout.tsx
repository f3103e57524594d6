import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { uploadNeedsToken } from "@/lib/auth";
import { UploadPanel } from "@/components/upload/upload-panel";
import { UploadProvider } from "@/components/upload/upload-provider";
import { UploadHint } from "@/components/upload/upload-token-form";
import { WindowDropZone } from "@/components/upload/window-drop-zone";
import "./globals.css";

export const metadata: Metadata = {
  title: "Mailbox incident dashboard",
  description: "Which Erlang process is stuck, build after build: ejabberd mailbox monitor logs, analysed.",
};

const NAV = [
  ["/", "Overview"],
  ["/incidents", "Incidents"],
  ["/rooms", "Rooms"],
  ["/builds", "Builds"],
  ["/logs", "Logs"],
  ["/upload", "Upload"],
] as const;

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Render every page per request: the CSP nonce (proxy.ts) only reaches
  // pages rendered at request time; a prerendered page's scripts would be blocked.
  await connection();
  return (
    <html lang="en">
      <body>
        {/* Whether uploads need INGEST_TOKEN, never the token: the browser asks the user for it. */}
        <UploadProvider tokenRequired={uploadNeedsToken()}>
          <WindowDropZone>
            <header className="site-header">
              <Link href="/" className="brand">
                Mailbox incident dashboard
              </Link>
              <nav aria-label="main">
                {NAV.map(([href, label]) => (
                  <Link key={href} href={href} data-testid={`nav-${label.toLowerCase()}`}>
                    {label}
                  </Link>
                ))}
              </nav>
              <UploadHint />
            </header>
            <main>{children}</main>
          </WindowDropZone>
          <UploadPanel />
        </UploadProvider>
      </body>
    </html>
  );
}
