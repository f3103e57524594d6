import { getTotals } from "@/lib/db/queries";

export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  const totals = await getTotals();
  const cards = [
    { label: "logs", value: totals.logs },
    { label: "builds", value: totals.builds },
    { label: "incidents", value: totals.incidents },
    { label: "rooms", value: totals.rooms },
  ];
  return (
    <>
      <h1 data-testid="product-name">Mailbox incident dashboard</h1>
      <p>
        Reads the console logs of the ejabberd mailbox monitor from CI and tells which process is stuck: a MUC room, the
        rpc server, a MySQL connection, or a process that died.
      </p>
      <section className="cards" aria-label="totals">
        {cards.map((card) => (
          <div className="card" key={card.label} data-testid={`total-${card.label}`}>
            <div className="value">{card.value}</div>
            <div className="label">{card.label}</div>
          </div>
        ))}
      </section>
    </>
  );
}
