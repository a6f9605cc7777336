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

/** Response headers, read the way the SDK reads them (get, has, entries, forEach), without web-platform classes. */
class ReplyHeaders {
  private readonly map = new Map<string, string>();

  constructor(raw: string[]) {
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i].toLowerCase();
      const prior = this.map.get(name);
      this.map.set(name, prior === undefined ? raw[i + 1] : `${prior}, ${raw[i + 1]}`);
    }
  }
  get(name: string): string | null {
    return this.map.get(name.toLowerCase()) ?? null;
  }
  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }
  delete(name: string): void {
    this.map.delete(name.toLowerCase());
  }
  entries(): IterableIterator<[string, string]> {
    return this.map.entries();
  }
  keys(): IterableIterator<string> {
    return this.map.keys();
  }
  values(): IterableIterator<string> {
    return this.map.values();
  }
  forEach(fn: (value: string, name: string) => void): void {
    this.map.forEach((v, k) => fn(v, k));
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.map.entries();
  }
}

/**
 * A whole reply in memory with the part of the fetch Response the SDK reads (status, ok, url, headers, json,
 * text; no body stream). Building web-platform Headers and a Response with a ReadableStream for every reply
 * cost about 0.1 ms of CPU each.
 */
class Reply {
  readonly body = null;
  readonly bodyUsed = false;
  readonly redirected = false;
  readonly type = "basic";

  constructor(
    readonly status: number,
    readonly statusText: string,
    readonly headers: ReplyHeaders,
    readonly url: string,
    private readonly payload: Buffer,
  ) {}
  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }
  async text(): Promise<string> {
    return this.payload.toString("utf8");
  }
  async json(): Promise<unknown> {
    return JSON.parse(this.payload.toString("utf8"));
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    return new Uint8Array(this.payload).buffer;
  }
}

/** Request headers as the SDK hands them over (Headers, pairs or a record) into a plain record. */
function plainHeaders(headers: RequestInit["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  if (typeof (headers as Headers).forEach === "function" && !Array.isArray(headers)) (headers as Headers).forEach((v, k) => (out[k] = v));
  else if (Array.isArray(headers)) for (const [k, v] of headers) out[k.toLowerCase()] = v;
  else for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = String(v);
  return out;
}

export async function nodeFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  if (typeof input !== "string" && !(input instanceof URL)) return fetch(input, init);
  const url = new URL(input);
  const client = url.protocol === "https:" ? https : url.protocol === "http:" ? http : undefined;
  if (!client || (init.body !== undefined && init.body !== null && typeof init.body !== "string")) return fetch(input, init);
  const headers = plainHeaders(init.headers);
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
  const replyHeaders = new ReplyHeaders(res.rawHeaders);
  const encoding = replyHeaders.get("content-encoding")?.trim().toLowerCase();
  const decode = encoding ? DECODERS[encoding] : undefined;
  if (decode && payload.length) {
    payload = await decode(payload);
    replyHeaders.delete("content-encoding");
    replyHeaders.delete("content-length");
  }
  const status = res.statusCode ?? 0;
  return new Reply(status, res.statusMessage ?? "", replyHeaders, url.toString(), NULL_BODY.has(status) ? Buffer.alloc(0) : payload) as unknown as Response;
}
