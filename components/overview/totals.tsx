import Link from "next/link";
import type { Totals as TotalsDto } from "@/lib/db/queries";
import { pluralWord } from "@/lib/wording";

/** `scoped`: the page below is filtered; these stay the totals of everything stored, and say so. */
export function Totals({ totals, scoped = false }: { totals: TotalsDto; scoped?: boolean }) {
  const cards = [
    { key: "logs", value: totals.logs, label: pluralWord(totals.logs, "log"), href: "/logs" },
    { key: "builds", value: totals.builds, label: pluralWord(totals.builds, "build"), href: "/builds" },
    { key: "incidents", value: totals.incidents, label: pluralWord(totals.incidents, "incident"), href: "/incidents" },
    { key: "rooms", value: totals.rooms, label: pluralWord(totals.rooms, "room"), href: "/rooms" },
  ];
  return (
    <>
      <section className="cards" aria-label="totals">
        {cards.map((card) => (
          <div className="card" key={card.key} data-testid={`total-${card.key}`}>
            <div className="value" data-testid={`total-${card.key}-value`}>
              {card.value.toLocaleString("en-US")}
            </div>
            <div className="label">{card.href ? <Link href={card.href}>{card.label}</Link> : card.label}</div>
          </div>
        ))}
      </section>
      {scoped ? (
        <p className="muted small" data-testid="totals-unfiltered">
          Totals of everything stored; the charts and lists below follow the filters.
        </p>
      ) : null}
    </>
  );
}
