import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: "Mailbox incident dashboard",
  description: "Which Erlang process is stuck, build after build: ejabberd mailbox monitor logs, analysed.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <Link href="/" className="brand">
            Mailbox incident dashboard
          </Link>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
