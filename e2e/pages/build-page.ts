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
  /** The link by the title to the builds list filtered to this build's job. */
  readonly jobBuilds: Locator;
  /** The culprit headline: which process is stuck, and what its mailbox is full of. */
  readonly stuckPid: Locator;
  readonly stuckName: Locator;
  readonly stuckWhat: Locator;
  readonly inspectedPid: Locator;
  /** The two measurements: `message queue len of pid`, and the top list's largest. */
  readonly inspectedQueue: Locator;
  readonly topListQueue: Locator;
  readonly queueNote: Locator;
  readonly incidentSpan: Locator;

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
    this.jobBuilds = page.getByTestId("job-builds");
    this.stuckPid = page.getByTestId("stuck-pid");
    this.stuckName = page.getByTestId("stuck-name");
    this.stuckWhat = page.getByTestId("stuck-what");
    this.inspectedPid = page.getByTestId("inspected-pid");
    this.inspectedQueue = page.getByTestId("inspected-queue");
    this.topListQueue = page.getByTestId("top-list-queue");
    this.queueNote = page.getByTestId("queue-note");
    this.incidentSpan = page.getByTestId("incident-span");
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
