import path from "node:path";
import type { Locator, Page } from "@playwright/test";
import { DATA_DIR } from "../helpers";

export class UploadPage {
  readonly picker: Locator;
  readonly input: Locator;
  readonly items: Locator;

  constructor(readonly page: Page) {
    this.picker = page.getByTestId("file-picker");
    this.input = page.getByTestId("file-input");
    this.items = page.getByTestId("upload-item");
  }

  async goto(): Promise<void> {
    await this.page.goto("/upload");
  }

  /** Chooses files in the picker (as a user would after pressing the button). */
  async choose(...fileNames: string[]): Promise<void> {
    await this.input.setInputFiles(fileNames.map((name) => path.join(DATA_DIR, name)));
  }

  item(fileName: string): Locator {
    return this.items.filter({ hasText: fileName }).first();
  }
}
