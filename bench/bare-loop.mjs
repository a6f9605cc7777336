// The reference: a bare openai SDK + p-queue loop, one request per item, nothing stored or scored.
// Usage: node bench/bare-loop.mjs <baseURL> <items> <concurrency> [default|node-http]
// Plain JavaScript, so it starts as fast as node can; the harness pays its own start-up in its figure.
import OpenAI from "openai";
import PQueue from "p-queue";

const [url, n, concurrency, transport] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4]), process.argv[5]];
// "node-http": the SDK sending through the same transport vieval gives it, so the comparison isolates the harness.
const fetch = transport === "node-http" ? (await import("../dist/providers/node-fetch.js")).nodeFetch : undefined;
const client = new OpenAI({ apiKey: "bench", baseURL: url, maxRetries: 0, ...(fetch ? { fetch } : {}) });
const queue = new PQueue({ concurrency });
let ok = 0;
await Promise.all(
  Array.from({ length: n }, (_, i) =>
    queue.add(async () => {
      const reply = await client.chat.completions.create({
        model: "bench",
        temperature: 0,
        messages: [{ role: "user", content: `Câu hỏi số ${i}: thủ đô của Việt Nam là gì?` }],
      });
      if (reply.choices[0].message.content) ok++;
    }),
  ),
);
if (ok !== n) throw new Error(`only ${ok} of ${n} answered`);
