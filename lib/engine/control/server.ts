// The engine's control API: loopback HTTP with a bearer token, JSON in and out. It is how the web app
// asks the engine things only the engine can answer (health now; Test Connection, simulation, ... later).
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { z } from "zod";

export type ControlRoute<In extends z.ZodType, Out> = {
  method: "GET" | "POST";
  path: string;
  input?: In;
  /** Text routes (Prometheus metrics) return a string and set their own content type. */
  contentType?: string;
  handle: (input: z.infer<In>) => Promise<Out> | Out;
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a heterogenous route table
export type AnyControlRoute = ControlRoute<any, unknown>;

export type ControlServer = { port: number; close(): Promise<void> };

const MAX_BODY = 1024 * 1024;

export async function startControlServer({
  host,
  port,
  token,
  routes,
  log,
}: {
  host: string;
  port: number;
  token: string;
  routes: AnyControlRoute[];
  log: (message: string) => void;
}): Promise<ControlServer> {
  const expected = crypto.createHash("sha256").update(`Bearer ${token}`).digest();
  const table = new Map(routes.map((route) => [`${route.method} ${route.path}`, route]));

  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown, contentType = "application/json") => {
      const text = typeof body === "string" && contentType !== "application/json" ? body : JSON.stringify(body);
      res.writeHead(status, { "content-type": contentType, "cache-control": "no-store" });
      res.end(text);
    };
    const problem = (status: number, code: string, title: string, detail?: string) =>
      send(status, { status, code, title, detail }, "application/json");

    // Compare digests so the comparison is constant-time whatever the header's length.
    const presented = crypto
      .createHash("sha256")
      .update(req.headers.authorization ?? "")
      .digest();
    if (!crypto.timingSafeEqual(presented, expected)) {
      problem(401, "UNAUTHENTICATED", "A valid engine token is required");
      return;
    }
    const url = new URL(req.url ?? "/", "http://control");
    const route = table.get(`${req.method} ${url.pathname}`);
    if (!route) {
      problem(404, "NOT_FOUND", `No control route ${req.method} ${url.pathname}`);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        problem(413, "BAD_REQUEST", "Request body too large");
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => {
      void (async () => {
        let raw: unknown = Object.fromEntries(url.searchParams);
        if (route.method === "POST") {
          try {
            raw = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : {};
          } catch {
            problem(400, "BAD_REQUEST", "The body is not valid JSON");
            return;
          }
        }
        let input: unknown = raw;
        if (route.input) {
          const parsed = route.input.safeParse(raw);
          if (!parsed.success) {
            problem(
              422,
              "VALIDATION",
              "Invalid input",
              parsed.error.issues
                .map((i: { path: PropertyKey[]; message: string }) => `${i.path.join(".")}: ${i.message}`)
                .join("; "),
            );
            return;
          }
          input = parsed.data;
        }
        try {
          const output = await route.handle(input);
          if (route.contentType) send(200, String(output), route.contentType);
          else send(200, output);
        } catch (error) {
          log(`control ${route.method} ${route.path} failed: ${(error as Error).stack ?? String(error)}`);
          if (!res.headersSent) problem(500, "INTERNAL", "The engine could not complete this request");
        }
      })();
    });
  });
  server.keepAliveTimeout = 5000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
