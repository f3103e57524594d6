// Story: an operator opens a message sample of a build whose console Jenkins' Timestamper stamped
// (every line, the sample's continuation lines too). The sample reads whole, as the monitor
// printed it: the stamps are the console's, not part of the term, and the tree does not stop at
// the first of them ("cut short in the log").
import { expect, test } from "../fixtures";
import { LOGS, uploadViaApi } from "../helpers";

test("a sample of a Timestamper-stamped console reads whole", async ({ request, buildPage }) => {
  await uploadViaApi(request, "twoBuilds");
  await buildPage.goto(`/builds/${LOGS.twoBuilds.job}/${LOGS.twoBuilds.number}`);
  await buildPage.openAllSamples();
  const trees = buildPage.sampleTrees();
  await expect(trees).toHaveCount(1);
  // The first and the last of its lines: the term was read to its end.
  await expect(trees.first()).toContainText("G9sfS-121");
  await expect(trees.first()).toContainText("http://jabber.org/protocol/disco#info");
  await expect(trees.first()).not.toContainText("2015-08-25T08:19:01");
  await expect(buildPage.page.getByText("cut short in the log")).toHaveCount(0);
  // The raw text is the log's own, stamps and all.
  await trees.first().locator("..").getByTestId("term-show-raw").click();
  await expect(buildPage.page.getByTestId("term-raw").first()).toContainText("[2015-08-25T08:19:01.404Z]");
});
