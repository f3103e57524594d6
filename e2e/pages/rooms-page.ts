import type { Locator, Page } from "@playwright/test";

export class RoomsPage {
  readonly table: Locator;
  readonly rows: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByTestId("rooms-table");
    this.rows = page.getByTestId("room-row");
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/rooms${query}`);
  }

  row(jid: string): Locator {
    return this.page.locator(`[data-testid="room-row"][data-jid="${jid.replace(/["\\]/g, "\\$&")}"]`);
  }

  async buildsBlocked(jid: string): Promise<number> {
    return Number(await this.row(jid).getByTestId("room-builds").innerText());
  }
}
