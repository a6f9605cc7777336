import { setMaxListeners } from "node:events";
import PQueue from "p-queue";
import { ProviderError, type GenerateRequest, type Generation, type Provider } from "../providers/types.js";
import { redact } from "../providers/secrets.js";
import { backoffMs, DEFAULT_RETRY, isRetryable, sleep, type RetryPolicy } from "./retry.js";

export interface SchedulerOptions {
  /** Requests in flight per endpoint. */
  concurrency: number;
  /** Per-request timeout. */
  timeoutMs: number;
  retry: RetryPolicy;
  signal: AbortSignal;
}

/** The outcome of one item's request after retries: a generation or a typed error. */
export interface Attempted {
  generation?: Generation;
  error?: ProviderError;
  /** Requests sent, retries included. */
  attempts: number;
  /** Time of the request that answered (or of the last one that failed). */
  latencyMs: number;
}

interface Endpoint {
  queue: PQueue;
  /** Set by a 429's Retry-After: no request to this endpoint leaves before this time. */
  notBefore: number;
}

/**
 * One queue per endpoint (provider spec), each with its own concurrency, and the one retry layer of vieval:
 * the SDKs' own retries are off.
 */
export class Scheduler {
  private readonly endpoints = new Map<string, Endpoint>();
  retries = 0;
  requests = 0;

  constructor(private readonly options: SchedulerOptions) {
    // Requests waiting out a backoff listen on the run's one signal. Once it aborts, queued requests
    // drain at once as "aborted" without being sent (clearing the queue would leave their promises hanging).
    setMaxListeners(0, options.signal);
  }

  /** Requests in flight per endpoint. */
  get concurrency(): number {
    return this.options.concurrency;
  }

  private endpoint(provider: Provider): Endpoint {
    let e = this.endpoints.get(provider.spec);
    if (!e) {
      e = { queue: new PQueue({ concurrency: this.options.concurrency }), notBefore: 0 };
      this.endpoints.set(provider.spec, e);
    }
    return e;
  }

  request(provider: Provider, request: Omit<GenerateRequest, "timeoutMs">): Promise<Attempted> {
    const endpoint = this.endpoint(provider);
    const attempted = endpoint.queue.add(() => this.attempt(provider, endpoint, request)).catch((e) => ({
      error: e instanceof ProviderError ? e : new ProviderError("aborted", "stopped before the request was sent"),
      attempts: 0,
      latencyMs: 0,
    }));
    return provider.secrets?.length ? attempted.then((a) => withoutSecrets(a, provider.secrets!)) : attempted;
  }

  private async attempt(provider: Provider, endpoint: Endpoint, request: Omit<GenerateRequest, "timeoutMs">): Promise<Attempted> {
    const { signal, timeoutMs, retry } = this.options;
    let attempts = 0;
    for (;;) {
      const wait = endpoint.notBefore - Date.now();
      try {
        if (wait > 0) await sleep(wait, signal);
        if (signal.aborted) throw new ProviderError("aborted", "aborted");
        attempts++;
        this.requests++;
        const started = performance.now();
        try {
          const generation = await provider.generate({ ...request, timeoutMs });
          return { generation, attempts, latencyMs: Math.round(performance.now() - started) };
        } catch (e) {
          const error = e instanceof ProviderError ? e : new ProviderError("bad-response", String((e as Error)?.message ?? e));
          const latencyMs = Math.round(performance.now() - started);
          // Stopping: a failure worth retrying is left for the resumed run rather than stored as final.
          if (signal.aborted && isRetryable(error)) return { error: new ProviderError("aborted", "stopped"), attempts, latencyMs };
          if (!isRetryable(error) || attempts > retry.maxRetries) return { error, attempts, latencyMs };
          const delay = backoffMs(retry, attempts - 1, error);
          if (error.kind === "rate-limited" && error.retryAfterMs !== undefined) {
            endpoint.notBefore = Math.max(endpoint.notBefore, Date.now() + delay);
          }
          this.retries++;
          await sleep(delay, signal);
        }
      } catch (e) {
        if (e instanceof ProviderError && e.kind === "aborted") return { error: e, attempts, latencyMs: 0 };
        throw e;
      }
    }
  }
}

/** An endpoint that echoes a key back (in an error, even in an answer) has it replaced before anything is stored. */
function withoutSecrets(a: Attempted, secrets: readonly string[]): Attempted {
  const { generation, error } = a;
  return {
    ...a,
    generation: generation && { ...generation, output: redact(generation.output, secrets), model: generation.model && redact(generation.model, secrets) },
    error: error && new ProviderError(error.kind, redact(error.message, secrets), error.status, error.retryAfterMs),
  };
}

export { DEFAULT_RETRY };
