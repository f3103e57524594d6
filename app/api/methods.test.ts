// Which methods each API route answers, as a client asking OPTIONS learns
// them and as a 405 names them in its Allow header: the two must agree, and
// must name only methods the route serves. Next's automatic OPTIONS listed
// every exported handler, the 405 ones too (DELETE, PATCH, PUT, POST).
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

type Handler = (request: Request, context?: unknown) => Response | Promise<Response>;
type RouteModule = Partial<Record<string, Handler>>;

const API = __dirname;
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

// Every route under app/api, with the path a request takes to it and the methods it serves.
const ROUTES: { file: string; path: string; serves: string[] }[] = [
  { file: "builds/route.ts", path: "/api/builds", serves: ["GET"] },
  { file: "builds/[job]/[number]/route.ts", path: "/api/builds/some-job/1", serves: ["GET"] },
  { file: "builds/[job]/[number]/[...rest]/route.ts", path: "/api/builds/team/some-job/1", serves: ["GET"] },
  { file: "health/route.ts", path: "/api/health", serves: ["GET"] },
  { file: "incidents/route.ts", path: "/api/incidents", serves: ["GET"] },
  { file: "logs/route.ts", path: "/api/logs", serves: ["GET", "POST"] },
  { file: "logs/[id]/route.ts", path: "/api/logs/1", serves: ["DELETE"] },
  { file: "rooms/route.ts", path: "/api/rooms", serves: ["GET"] },
  { file: "rooms/[jid]/route.ts", path: "/api/rooms/room%40conference.example.org", serves: ["GET"] },
  { file: "timeline/route.ts", path: "/api/timeline", serves: ["GET"] },
];
const CATCH_ALL = "[[...path]]/route.ts";

function routeFiles(): string[] {
  return (readdirSync(API, { recursive: true }) as string[]).filter((f) => f.endsWith("route.ts")).map((f) => relative(API, join(API, f))).sort();
}

async function load(file: string): Promise<RouteModule> {
  return (await import(`./${file}`)) as RouteModule;
}

function call(module: RouteModule, method: string, path: string): Promise<Response> {
  const handler = module[method];
  if (!handler) throw new Error(`no ${method} handler`);
  return Promise.resolve(handler(new Request(`http://127.0.0.1${path}`, { method })));
}

describe("API methods: OPTIONS and 405 agree with what each route serves", () => {
  it("the table covers every route under app/api", () => {
    expect(routeFiles()).toEqual([...ROUTES.map((r) => r.file), CATCH_ALL].sort());
  });

  describe.each(ROUTES)("$file", ({ file, path, serves }) => {
    const allow = [...serves, ...(serves.includes("GET") ? ["HEAD"] : []), "OPTIONS"];

    it(`OPTIONS answers 204 with Allow: ${allow.join(", ")}`, async () => {
      const response = await call(await load(file), "OPTIONS", path);
      expect(response.status).toBe(204);
      expect(response.headers.get("allow")).toBe(allow.join(", "));
    });

    it("every other method is a JSON 405 with the same Allow", async () => {
      const route = await load(file);
      for (const method of METHODS.filter((m) => !allow.includes(m))) {
        const response = await call(route, method, path);
        expect(response.status, method).toBe(405);
        expect(response.headers.get("allow"), method).toBe(allow.join(", "));
        expect(((await response.json()) as { error: { code: string } }).error.code, method).toBe("method_not_allowed");
      }
    });

    it("serves every method Allow names (HEAD through GET)", async () => {
      const route = await load(file);
      for (const method of allow) expect(route[method === "HEAD" ? "GET" : method], method).toBeTypeOf("function");
    });
  });

  it("the catch-all answers every method, OPTIONS included, with the JSON 404", async () => {
    const route = await load(CATCH_ALL);
    for (const method of METHODS) {
      const response = await call(route, method, "/api/nope");
      expect(response.status, method).toBe(404);
      if (method !== "HEAD") expect(((await response.json()) as { error: { code: string } }).error.code, method).toBe("not_found");
    }
  });
});
