import { expect, type Locator, type Page } from "@playwright/test";

/** What every page has: the nav, the window-wide drop zone and the upload panel. */
export class AppShell {
  readonly dropTarget: Locator;
  readonly dropOverlay: Locator;
  readonly uploadItems: Locator;

  constructor(readonly page: Page) {
    this.dropTarget = page.getByTestId("drop-target");
    this.dropOverlay = page.getByTestId("drop-overlay");
    this.uploadItems = page.getByTestId("upload-item");
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
