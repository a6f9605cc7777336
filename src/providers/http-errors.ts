import { ProviderError } from "./types.js";

/** Seconds or an HTTP date in Retry-After (or retry-after-ms), as milliseconds. */
export function retryAfterMs(headers: { get(name: string): string | null } | undefined): number | undefined {
  const ms = headers?.get("retry-after-ms");
  if (ms && Number.isFinite(Number(ms))) return Number(ms);
  const value = headers?.get("retry-after");
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** The typed error for an HTTP status. */
export function errorForStatus(status: number, message: string, retryAfter?: number): ProviderError {
  if (status === 429) return new ProviderError("rate-limited", message, status, retryAfter);
  if (status === 401 || status === 403) return new ProviderError("auth", message, status);
  if (status === 408) return new ProviderError("timeout", message, status);
  if (status >= 500) return new ProviderError("server", message, status, retryAfter);
  return new ProviderError("client", message, status);
}
