// Page objects as fixtures: specs ask for `buildPage`, `shell`… instead of
// locating elements themselves.
import { test as base } from "@playwright/test";
import { AppShell } from "./pages/app-shell";
import { BuildPage } from "./pages/build-page";
import { ListPage } from "./pages/list-page";
import { LogsPage } from "./pages/logs-page";
import { OverviewPage } from "./pages/overview-page";
import { RoomsPage } from "./pages/rooms-page";
import { UploadPage } from "./pages/upload-page";

type Pages = {
  shell: AppShell;
  overview: OverviewPage;
  buildPage: BuildPage;
  roomsPage: RoomsPage;
  uploadPage: UploadPage;
  buildsList: ListPage;
  incidentsList: ListPage;
  logsPage: LogsPage;
};

export const test = base.extend<Pages>({
  shell: async ({ page }, provide) => provide(new AppShell(page)),
  overview: async ({ page }, provide) => provide(new OverviewPage(page)),
  buildPage: async ({ page }, provide) => provide(new BuildPage(page)),
  roomsPage: async ({ page }, provide) => provide(new RoomsPage(page)),
  uploadPage: async ({ page }, provide) => provide(new UploadPage(page)),
  buildsList: async ({ page }, provide) => provide(new ListPage(page, "/builds")),
  incidentsList: async ({ page }, provide) => provide(new ListPage(page, "/incidents")),
  logsPage: async ({ page }, provide) => provide(new LogsPage(page)),
});

export { expect } from "@playwright/test";
