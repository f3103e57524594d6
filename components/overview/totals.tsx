import Link from "next/link";
import type { Totals as TotalsDto } from "@/lib/db/queries";

export function Totals({ totals }: { totals: TotalsDto }) {
  const cards = [
    { key: "logs", value: totals.logs, label: "logs", href: null },
    { key: "builds", value: totals.builds, label: "builds", href: "/builds" },
    { key: "incidents", value: totals.incidents, label: "incidents", href: "/incidents" },
    { key: "rooms", value: totals.rooms, label: "rooms", href: "/rooms" },
  ];
  return (
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
  );
}
