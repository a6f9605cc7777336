/**
 * Canonical JSON (RFC 8785) of plain JSON data — strings, numbers, booleans, null, arrays, objects — as hashes
 * need it: JSON.stringify with every key that occurs listed in sorted order writes exactly the canonical form, at
 * native speed (a test checks it against the canonicalize package on every built-in item).
 */
export function canonicalJson(value: unknown): string {
  const keys = new Set<string>();
  const collect = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) {
      keys.add(k);
      collect(x);
    }
  };
  collect(value);
  // Sorted by UTF-16 code units, as RFC 8785 asks (the default sort order of strings).
  return JSON.stringify(value, [...keys].sort());
}
