import { expect, type Locator, type Page } from "@playwright/test";

/** What every page has: the nav, the window-wide drop zone and the upload panel. */
export class AppShell {
  readonly dropTarget: Locator;
  readonly dropOverlay: Locator;
  readonly uploadItems: Locator;
  /** The upload token's form (when the server needs INGEST_TOKEN), on the upload page or in the upload panel. */
  readonly tokenForm: Locator;
  readonly tokenMessage: Locator;
  readonly headerHint: Locator;

  constructor(readonly page: Page) {
    this.dropTarget = page.getByTestId("drop-target");
    this.dropOverlay = page.getByTestId("drop-overlay");
    this.uploadItems = page.getByTestId("upload-item");
    this.tokenForm = page.getByTestId("upload-token-form");
    this.tokenMessage = page.getByTestId("upload-token-message");
    this.headerHint = page.getByTestId("upload-hint");
  }

  /** Types the upload token into its form and submits it. */
  async enterUploadToken(token: string): Promise<void> {
    await this.tokenForm.getByTestId("upload-token-input").fill(token);
    await this.tokenForm.getByTestId("upload-token-submit").click();
  }

  /**
   * Drags files onto the page the way a browser does: a real DataTransfer
   * holding File objects, dragenter → dragover → drop.
   */
  async dropFiles(files: { name: string; content: string }[]): Promise<void> {
    const dataTransfer = await this.page.evaluateHandle((list) => {
      const transfer = new DataTransfer();
      for (const { name, content } of list) transfer.items.add(new File([content], name, { type: "text/plain" }));
      return transfer;
    }, files);
    // The window's drag listeners are attached once the page has hydrated: on a
    // loaded machine a drag right after navigation can come first. A person drags
    // again when nothing lights up; so does this (the drop resets the drag count).
    await expect(async () => {
      await this.dropTarget.dispatchEvent("dragenter", { dataTransfer });
      await this.dropTarget.dispatchEvent("dragover", { dataTransfer });
      await expect(this.dropOverlay).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await this.dropTarget.dispatchEvent("drop", { dataTransfer });
    await dataTransfer.dispose();
  }

  uploadItem(fileName: string): Locator {
    return this.uploadItems.filter({ hasText: fileName }).first();
  }

  async navigate(label: "overview" | "incidents" | "rooms" | "builds" | "logs" | "upload"): Promise<void> {
    await this.page.getByTestId(`nav-${label}`).click();
  }
}
