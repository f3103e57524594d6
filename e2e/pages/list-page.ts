import type { Locator, Page } from "@playwright/test";

/** The filtered lists (/builds, /incidents): filter bar, rows, pagination. */
export class ListPage {
  readonly table: Locator;
  readonly rows: Locator;
  readonly classFilter: Locator;
  readonly jobFilter: Locator;
  readonly sourceFilter: Locator;
  readonly apply: Locator;
  /** What the list is narrowed to (an incident, a pid), above the filter bar. */
  readonly scopeNotice: Locator;
  /** Said instead when the incident a link narrows to no longer exists. */
  readonly incidentGone: Locator;
  /** The link that drops the incident the list is narrowed to. */
  readonly clearIncident: Locator;
  /** The whole list (every page, these filters and order) as CSV. */
  readonly csvLink: Locator;
  /** /incidents: the incidents started per hour, day, week…, above the list. */
  readonly startsChart: Locator;

  constructor(
    readonly page: Page,
    readonly path: "/builds" | "/incidents",
  ) {
    this.table = page.getByTestId(path === "/builds" ? "builds-table" : "incidents-table");
    this.rows = page.getByTestId(path === "/builds" ? "build-row" : "incident-row");
    this.classFilter = page.getByTestId("filter-class");
    this.jobFilter = page.getByTestId("filter-job");
    this.sourceFilter = page.getByTestId("filter-source");
    this.apply = page.getByTestId("filter-apply");
    this.scopeNotice = page.getByTestId("scope-notice");
    this.incidentGone = page.getByTestId("scope-incident-gone");
    this.clearIncident = page.getByTestId("scope-clear-incidentId");
    this.csvLink = page.getByTestId("csv-link");
    this.startsChart = page.getByTestId("incident-starts-chart");
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`${this.path}${query}`);
  }
}
