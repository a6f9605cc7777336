import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeFetch } from "../src/providers/node-fetch.js";

describe("the SDK's transport over node:http", () => {
  let url = "";
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      if (req.url === "/hang") return; // never answers
      if (req.url === "/gzip") {
        res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" }).end(gzipSync(JSON.stringify({ đáp_án: "B" })));
      } else if (req.url === "/limited") {
        res.setHeader("set-cookie", ["a=1", "b=2"]);
        res.writeHead(429, { "retry-after": "3", "content-type": "application/json" }).end('{"error":{"message":"slow down"}}');
      } else {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ method: req.method, auth: req.headers.authorization, body }));
      }
    });
  });
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((r) => server.close(() => r()));
  });

  it("sends the method, headers and body, and reads the reply as JSON", async () => {
    const res = await nodeFetch(`${url}/echo`, { method: "POST", headers: new Headers({ Authorization: "Bearer k" }), body: '{"x":"Hà Nội"}' });
    expect(res.ok).toBe(true);
    expect(res.headers.get("Content-Type")).toBe("application/json");
    expect(await res.json()).toEqual({ method: "POST", auth: "Bearer k", body: '{"x":"Hà Nội"}' });
  });

  it("decompresses gzip like fetch does", async () => {
    const res = await nodeFetch(`${url}/gzip`, { method: "GET" });
    expect(res.headers.get("content-encoding")).toBeNull();
    expect(await res.json()).toEqual({ đáp_án: "B" });
  });

  it("passes statuses and headers through for the retry layer", async () => {
    const res = await nodeFetch(`${url}/limited`, { method: "GET" });
    expect(res.status).toBe(429);
    expect(res.ok).toBe(false);
    expect(res.headers.get("retry-after")).toBe("3");
    expect(res.headers.get("set-cookie")).toBe("a=1, b=2");
    expect(await res.text()).toContain("slow down");
  });

  it("rejects with an abort error when the signal fires", async () => {
    const controller = new AbortController();
    const pending = nodeFetch(`${url}/hang`, { method: "GET", signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });
});
