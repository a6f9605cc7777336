import { ProviderError, type ProviderErrorKind } from "../providers/types.js";

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 4, baseDelayMs: 500, maxDelayMs: 30_000 };

/** Failures worth another try: the endpoint may answer next time. */
const RETRYABLE: ReadonlySet<ProviderErrorKind> = new Set(["rate-limited", "server", "timeout", "connection"]);

export const isRetryable = (e: ProviderError): boolean => RETRYABLE.has(e.kind);

/** Exponential backoff with jitter (half fixed, half random); Retry-After wins when the endpoint sends it. */
export function backoffMs(policy: RetryPolicy, retry: number, error: ProviderError, random = Math.random): number {
  if (error.retryAfterMs !== undefined) return Math.min(error.retryAfterMs, 5 * 60_000);
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return exp / 2 + (exp / 2) * random();
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new ProviderError("aborted", "aborted"));
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ProviderError("aborted", "aborted"));
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
