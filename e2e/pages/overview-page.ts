import type { Locator, Page } from "@playwright/test";

export class OverviewPage {
  readonly productName: Locator;
  readonly emptyState: Locator;
  readonly timeline: Locator;
  readonly roomsChart: Locator;
  readonly latestIncidents: Locator;
  readonly filterBar: Locator;

  constructor(readonly page: Page) {
    this.productName = page.getByTestId("product-name");
    this.emptyState = page.getByTestId("empty-state");
    this.timeline = page.getByTestId("timeline-chart");
    this.roomsChart = page.getByTestId("rooms-chart");
    this.latestIncidents = page.getByTestId("latest-incidents");
    this.filterBar = page.getByTestId("filter-bar");
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/${query}`);
  }

  /** The link on one of the totals cards (to the list it counts). */
  totalLink(name: "logs" | "builds" | "incidents" | "rooms"): Locator {
    return this.page.getByTestId(`total-${name}`).getByRole("link");
  }

  /** The number on one of the totals cards. */
  async total(name: "logs" | "builds" | "incidents" | "rooms"): Promise<number> {
    const text = await this.page.getByTestId(`total-${name}-value`).innerText();
    return Number(text.replace(/[^0-9]/g, ""));
  }
}
