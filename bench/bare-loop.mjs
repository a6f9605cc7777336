// The reference: a bare openai SDK + p-queue loop, one request per item, nothing stored or scored.
// Plain JavaScript, so it starts as fast as node can; the harness pays its own start-up in its figure.
import OpenAI from "openai";
import PQueue from "p-queue";

const [url, n, concurrency] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const client = new OpenAI({ apiKey: "bench", baseURL: url, maxRetries: 0 });
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
