import http from "node:http";
import https from "node:https";
import { promisify } from "node:util";
import zlib from "node:zlib";

/**
 * The `fetch` the openai SDK is given: Node's own http/https clients with keep-alive agents, for
 * request/response JSON calls (no streaming). Node's built-in fetch spends about 0.5 ms of CPU per request
 * on web streams; at hundreds of requests a second that is the harness's largest cost, and it delays every
 * request behind it (see bench/). Compressed replies are decompressed as fetch would.
 */
const agents = {
  "http:": new http.Agent({ keepAlive: true }),
  "https:": new https.Agent({ keepAlive: true }),
};

const NULL_BODY = new Set([101, 204, 205, 304]);
const DECODERS: Record<string, (b: Buffer) => Promise<Buffer>> = {
  gzip: promisify(zlib.gunzip),
  "x-gzip": promisify(zlib.gunzip),
  deflate: promisify(zlib.inflate),
  br: promisify(zlib.brotliDecompress),
};

export async function nodeFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  if (typeof input !== "string" && !(input instanceof URL)) return fetch(input, init);
  const url = new URL(input);
  const client = url.protocol === "https:" ? https : url.protocol === "http:" ? http : undefined;
  if (!client || (init.body !== undefined && init.body !== null && typeof init.body !== "string")) return fetch(input, init);
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((value, key) => (headers[key] = value));
  const body = init.body ?? undefined;
  if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));

  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const req = client.request(url, {
      method: init.method ?? "GET",
      headers,
      agent: agents[url.protocol as keyof typeof agents],
      signal: init.signal ?? undefined,
    });
    req.on("response", resolve);
    req.on("error", reject);
    req.end(body);
  });
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    res.on("data", (c: Buffer) => chunks.push(c));
    res.on("end", resolve);
    res.on("error", reject);
    res.on("aborted", () => reject(Object.assign(new Error("response aborted"), { code: "ECONNRESET" })));
  });
  let payload: Buffer = Buffer.concat(chunks);
  const responseHeaders = new Headers();
  for (let i = 0; i < res.rawHeaders.length; i += 2) responseHeaders.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
  const encoding = responseHeaders.get("content-encoding")?.trim().toLowerCase();
  const decode = encoding ? DECODERS[encoding] : undefined;
  if (decode && payload.length) {
    payload = await decode(payload);
    responseHeaders.delete("content-encoding");
    responseHeaders.delete("content-length");
  }
  const status = res.statusCode ?? 0;
  return new Response(NULL_BODY.has(status) ? null : new Uint8Array(payload), { status, statusText: res.statusMessage, headers: responseHeaders });
}
