import type { Locator, Page } from "@playwright/test";

/** The build analysis at a permalink. */
export class BuildPage {
  readonly title: Locator;
  readonly culpritClass: Locator;
  readonly culpritSubject: Locator;
  readonly culpritRoom: Locator;
  readonly evidence: Locator;
  readonly topRows: Locator;
  readonly samples: Locator;
  readonly sampleGroupTitles: Locator;
  readonly ciLink: Locator;
  readonly copyLink: Locator;

  constructor(readonly page: Page) {
    this.title = page.getByTestId("build-title");
    this.culpritClass = page.getByTestId("culprit-class");
    this.culpritSubject = page.getByTestId("culprit-subject");
    this.culpritRoom = page.getByTestId("culprit-room");
    this.evidence = page.getByTestId("culprit-evidence");
    this.topRows = page.getByTestId("top-row");
    this.samples = page.getByTestId("sample");
    this.sampleGroupTitles = page.getByTestId("sample-group-title");
    this.ciLink = page.getByTestId("ci-link");
    this.copyLink = page.getByTestId("copy-link");
  }

  async goto(permalink: string): Promise<void> {
    await this.page.goto(permalink);
  }

  /** Opens every collapsed sample (each parses its term when opened). */
  async openAllSamples(): Promise<void> {
    const count = await this.samples.count();
    for (let i = 0; i < count; i++) {
      const sample = this.samples.nth(i);
      if ((await sample.getAttribute("open")) === null) await sample.getByTestId("sample-summary").click();
    }
  }

  sampleTrees(): Locator {
    return this.page.getByTestId("term-tree");
  }
}
