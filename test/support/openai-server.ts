import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ChatBody {
  model: string;
  messages: { role: string; content: string }[];
  temperature?: number;
  [k: string]: unknown;
}

/** What the server does with one request. */
export type Reply =
  | { kind: "answer"; content: string; delayMs?: number; finishReason?: string }
  | { kind: "status"; status: number; headers?: Record<string, string>; body?: string }
  | { kind: "raw"; body: string; status?: number }
  | { kind: "hang" }
  | { kind: "reset" };

export interface FakeOpenAI {
  url: string;
  requests: ChatBody[];
  /** Authorization headers seen, to check the key is sent and never stored. */
  authorizations: string[];
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 speaking the OpenAI chat completions API. `reply` decides, per request,
 * whether to answer, fail with a status, send malformed JSON, hang, or reset the connection.
 */
export async function startFakeOpenAI(reply: (body: ChatBody, n: number) => Reply): Promise<FakeOpenAI> {
  const requests: ChatBody[] = [];
  const authorizations: string[] = [];
  const sockets = new Set<import("node:net").Socket>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.url !== "/v1/chat/completions" || req.method !== "POST") {
        res.writeHead(404, { "content-type": "application/json" }).end('{"error":{"message":"not found"}}');
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as ChatBody;
      requests.push(body);
      authorizations.push(String(req.headers.authorization ?? ""));
      const r = reply(body, requests.length);
      const send = () => {
        switch (r.kind) {
          case "answer":
            res.writeHead(200, { "content-type": "application/json" }).end(
              JSON.stringify({
                id: `chatcmpl-${requests.length}`,
                object: "chat.completion",
                created: 0,
                model: `${body.model}-served`,
                choices: [{ index: 0, message: { role: "assistant", content: r.content }, finish_reason: r.finishReason ?? "stop" }],
                usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
              }),
            );
            return;
          case "status":
            res.writeHead(r.status, { "content-type": "application/json", ...r.headers }).end(r.body ?? `{"error":{"message":"status ${r.status}"}}`);
            return;
          case "raw":
            res.writeHead(r.status ?? 200, { "content-type": "application/json" }).end(r.body);
            return;
          case "reset":
            req.socket.destroy();
            return;
          case "hang":
            return;
        }
      };
      if (r.kind === "answer" && r.delayMs) setTimeout(send, r.delayMs);
      else send();
    });
  });
  server.keepAliveTimeout = 60_000;
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
