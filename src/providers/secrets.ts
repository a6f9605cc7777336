/**
 * What a provider was given that vieval must never write: API keys, tokens, credentials in a base URL. An
 * endpoint may echo them back ("Incorrect API key provided: sk-…") in an error or even in an answer; the
 * scheduler replaces them with *** before anything is stored, printed or reported.
 */

/** Shorter values (a user name like "admin", a flag like "1") are too common to be told from ordinary text. */
const SHORTEST = 8;

/** The credentials a base URL carries: user name and password, and the values of its query string (secretsOf keeps the long ones). */
export function urlSecrets(url: string | undefined): string[] {
  if (!url) return [];
  try {
    const u = new URL(url);
    return [decodeURIComponent(u.username), decodeURIComponent(u.password), ...u.searchParams.values()];
  } catch {
    return [];
  }
}

/** The secrets worth looking for: long enough, each with its URL-encoded form when that differs. */
export function secretsOf(values: (string | undefined)[]): string[] {
  const out = new Set<string>();
  for (const v of values) {
    if (!v || v.length < SHORTEST) continue;
    out.add(v);
    out.add(encodeURIComponent(v));
  }
  // Longest first: a secret that contains another is replaced whole.
  return [...out].sort((a, b) => b.length - a.length);
}

/** `text` with every secret replaced by ***. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join("***");
  return out;
}
