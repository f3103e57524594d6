import type { Locator, Page } from "@playwright/test";

/** /logs: the uploaded logs, newest first. */
export class LogsPage {
  readonly table: Locator;
  readonly rows: Locator;
  readonly empty: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByTestId("logs-table");
    this.rows = page.getByTestId("log-row");
    this.empty = page.getByTestId("logs-empty");
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/logs${query}`);
  }

  /** The row of the log stored under this file name. */
  row(fileName: string): Locator {
    return this.rows.filter({ has: this.page.getByTestId("log-file").getByText(fileName, { exact: true }) });
  }

  /** The build count of that log: a link to its builds. */
  builds(fileName: string): Locator {
    return this.row(fileName).getByTestId("log-builds");
  }
}
