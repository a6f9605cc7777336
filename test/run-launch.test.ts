import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadCriteria } from "../src/criteria/load.js";
import { providerFor } from "../src/providers/registry.js";
import { DEFAULT_PARAMS } from "../src/providers/types.js";
import { executeRun } from "../src/run/run.js";
import { DEFAULT_RETRY, Scheduler } from "../src/scheduler/scheduler.js";
import { Store } from "../src/store/store.js";
import { loadSuite } from "../src/suites/load.js";
import { tempDir } from "./support/cli.js";
import { startFakeOpenAI, type FakeOpenAI } from "./support/openai-server.js";

let server: FakeOpenAI | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("how a run sends its first requests", () => {
  it("lets each of the first requests leave as soon as it is built, then says it is underway", async () => {
    server = await startFakeOpenAI(() => ({ kind: "answer", content: "Đáp án: A", delayMs: 50 }));
    const suite = await loadSuite(join(__dirname, "fixtures", "mini-mcq"), loadCriteria());
    const provider = await providerFor(`openai-compatible:launch@${server.url}`, { env: {}, seed: 1 });
    const store = new Store(join(tempDir(), "v.db"));
    const controller = new AbortController();
    const concurrency = 8;
    const scheduler = new Scheduler({ concurrency, timeoutMs: 10_000, retry: DEFAULT_RETRY, signal: controller.signal });
    let seenWhenUnderway = -1;
    const tally = await executeRun({
      info: { id: "launch", vieval: "test", node: process.version, startedAt: "", seed: 1, repeats: 1, models: [{ name: "launch", spec: provider.spec, params: DEFAULT_PARAMS }], suites: [] },
      suites: [suite],
      models: [{ provider, info: { name: "launch", spec: provider.spec, params: DEFAULT_PARAMS } }],
      store,
      scheduler,
      signal: controller.signal,
      onUnderway: () => (seenWhenUnderway = server!.requests.length),
    });
    store.close();
    // Built all at once, no request would have reached the server (in this process) before the last was built.
    expect(seenWhenUnderway).toBeGreaterThan(0);
    expect(seenWhenUnderway).toBeLessThanOrEqual(concurrency);
    expect(tally.results).toHaveLength(suite.items.length);
    expect(server.requests).toHaveLength(suite.items.length);
    expect(tally.errors).toBe(0);
  });

  it("reports a failure in a worker started early as the run's failure, not as an unhandled rejection", async () => {
    const suite = await loadSuite(join(__dirname, "fixtures", "mini-mcq"), loadCriteria());
    // A provider that breaks its contract (no text), as a bug in vieval's own code would break a worker.
    const provider = { spec: "broken", kind: "broken", model: "broken", cacheable: false, generate: async () => ({ output: 42 as unknown as string }) };
    const store = new Store(join(tempDir(), "v.db"));
    const controller = new AbortController();
    const scheduler = new Scheduler({ concurrency: 8, timeoutMs: 10_000, retry: DEFAULT_RETRY, signal: controller.signal });
    const run = executeRun({
      info: { id: "broken", vieval: "test", node: process.version, startedAt: "", seed: 1, repeats: 1, models: [{ name: "broken", spec: "broken", params: DEFAULT_PARAMS }], suites: [] },
      suites: [suite],
      models: [{ provider, info: { name: "broken", spec: "broken", params: DEFAULT_PARAMS } }],
      store,
      scheduler,
      signal: controller.signal,
    });
    // Vitest fails the run on any unhandled rejection; the run itself rejects with the error.
    await expect(run).rejects.toThrow(TypeError);
    store.close();
  });
});
