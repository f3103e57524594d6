import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { UploadPanel } from "@/components/upload/upload-panel";
import { UploadProvider } from "@/components/upload/upload-provider";
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
        <UploadProvider>
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
              <span className="header-hint muted">drop logs anywhere to upload</span>
            </header>
            <main>{children}</main>
          </WindowDropZone>
          <UploadPanel />
        </UploadProvider>
      </body>
    </html>
  );
}
