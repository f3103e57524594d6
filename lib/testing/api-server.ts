// A bare node:http server around the app's route handlers, for tests that
// need a real server process to kill, to load with concurrent requests, or to
// read from while it ingests. Same handlers, same database code as under
// Next; only the routing is this file's. Run: tsx --conditions=react-server
// lib/testing/api-server.ts (API_SERVER_PORT, default any free port, and DATABASE_URL from the environment).
import http from "node:http";
import { Readable } from "node:stream";
import { GET as getBuilds } from "@/app/api/builds/route";
import { GET as getHealth } from "@/app/api/health/route";
import { POST as postLogs } from "@/app/api/logs/route";
import { getStore } from "@/lib/db/store";

type Handler = (request: Request) => Promise<Response>;

const routes: Record<string, Handler> = {
  "GET /api/health": getHealth,
  "GET /api/builds": getBuilds,
  "POST /api/logs": postLogs,
};

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "127.0.0.1"}`);
  const handler = routes[`${req.method} ${url.pathname}`];
  if (!handler) {
    res.writeHead(404).end();
    return;
  }
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(key, value);
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const request = new Request(url, {
    method: req.method,
    headers,
    // Counted in chunks, as Node's default would count bytes as chunks and read the whole body ahead.
    body: hasBody
      ? (Readable.toWeb(req, { strategy: new CountQueuingStrategy({ highWaterMark: 4 }) }) as ReadableStream<Uint8Array>)
      : undefined,
    duplex: "half",
  } as RequestInit);
  try {
    const response = await handler(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  } catch (error) {
    console.error(error);
    res.writeHead(500).end();
  }
});

const port = Number(process.env.API_SERVER_PORT ?? 0);
// Like `npm start`: the database is migrated before the server listens.
void getStore().then(() =>
  server.listen(port, "127.0.0.1", () => {
    const address = server.address();
    console.log(`listening ${typeof address === "object" && address ? address.port : port}`);
  }),
);
