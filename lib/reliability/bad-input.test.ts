// The bad-input corpus through the real upload handler: each input gets its
// documented answer, the database is unchanged by every refused one, and the
// handler keeps answering afterwards.
import { describe, expect, test } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { GET as getBuild } from "@/app/api/builds/[job]/[number]/route";
import { getPrisma } from "@/lib/db/client";
import { countRows, testDatabaseKinds } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";
import { fixture, multipartRequest, rawRequest } from "@/lib/testing/api";
import { CORPUS, type CorpusCase } from "./corpus";

function requestFor(item: CorpusCase): Request {
  const body = item.body();
  if (item.contentType === "multipart") {
    return multipartRequest([{ name: item.fileName, content: body as string }]);
  }
  const init: RequestInit & { duplex?: string } = {
    method: "POST",
    body: body as BodyInit,
    headers: { "content-type": item.contentType, ...item.headers },
    duplex: "half",
  };
  return new Request(`http://127.0.0.1/api/logs?filename=${encodeURIComponent(item.fileName)}`, init);
}

describe.each(testDatabaseKinds())("the bad-input corpus on %s", (kind) => {
  const database = useTestDatabase(kind, "corpus");
  const tableCounts = () => countRows(database().url);


  test("has the cases the issue lists", () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(15);
  });

  test.each(CORPUS.map((item) => [item.name, item] as const))("%s", async (_name, item) => {
    if (item.limit) process.env.MAX_UPLOAD_BYTES = String(item.limit);
    try {
      const before = await tableCounts();
      const rssBefore = process.memoryUsage().rss;
      const response = await postLogs(requestFor(item));
      const body = (await response.json()) as {
        error?: { message: string; line?: number; column?: number; file?: string };
        builds?: { culprit: { class: string } | null; permalink: string }[];
      };
      expect(response.status, JSON.stringify(body).slice(0, 300)).toBe(item.status);
      if (item.status >= 400) {
        expect(body.error?.message).toMatch(item.expect);
        if (item.line !== undefined) {
          expect(body.error?.line).toBe(item.line);
          expect(body.error?.column).toBeGreaterThanOrEqual(1);
          expect(body.error?.file).toBe(item.fileName);
        }
        expect(await tableCounts()).toEqual(before);
      } else {
        expect(JSON.stringify(body.builds)).toMatch(item.expect);
      }
      // Refused at the limit, not read into memory: the process did not grow by the upload's size.
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(400 * 1024 * 1024);
    } finally {
      delete process.env.MAX_UPLOAD_BYTES;
    }
  });

  test("hostile text is stored as text and a javascript: CI URL is not kept as a link", async () => {
    const response = await getBuild(new Request("http://x"), { params: Promise.resolve({ job: "by-id", number: "0" }) });
    expect(response.status).toBe(404);
    const sample = await getPrisma().sample.findFirst({
      where: { raw: { contains: "<script>" } },
      include: { build: { include: { room: true } } },
    });
    const row = sample ? { raw: sample.raw, url: sample.build.url, jid: sample.build.room?.jid ?? null } : undefined;
    expect(row?.raw).toContain("<script>alert(1)</script><img src=x onerror=alert(2)>");
    expect(row?.url).toBeNull();
    // The override cannot flip how the room's name reads: nodeprep prohibits it (RFC 3454 table C.8),
    // and the stored JID shows it as U+FFFD.
    expect(row?.jid).toBe("r\uFFFDoom_javascript_alert@conference.example.org");
  });

  test("after the whole corpus the handler still stores a good log", async () => {
    const name = "ProductCI_ejabberd_mqueue_random_monitor_27044.log";
    const response = await postLogs(rawRequest(fixture(name), "text/plain", { query: `?filename=${name}` }));
    expect(response.status).toBe(201);
  });
});
