import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { isAbsolute, relative } from "node:path";
import { packagePath } from "./package-path.js";

/**
 * The parsed, checked YAML of the files vieval ships (criteria, profiles, built-in suite definitions), made when
 * vieval is built: parsing those ~60 kB of YAML cost ~50 ms at every start, before the first request could
 * leave. An entry serves only the very bytes it was made from, so an edited file is read and checked afresh.
 */
export const YAML_CACHE_FILE = packagePath("dist", "yaml-cache.json");

interface Entry {
  sha256: string;
  /** The checked value as JSON: each use parses its own copy. */
  json: string;
}

let entries: Record<string, Entry> | undefined;
let recording: Record<string, Entry> | undefined;

function load(): Record<string, Entry> {
  if (!entries) {
    try {
      entries = existsSync(YAML_CACHE_FILE) ? JSON.parse(readFileSync(YAML_CACHE_FILE, "utf8")) : {};
    } catch {
      entries = {};
    }
  }
  return entries!;
}

/** A shipped file's key (its path in the package), or undefined for the user's own files. */
function keyOf(file: string): string | undefined {
  const rel = relative(packagePath(), file);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) && !rel.includes("#") ? rel.split("\\").join("/") : undefined;
}

/** `check(text)`, or its result from the build's cache when `file` is a shipped file with exactly this text. */
export function cachedYaml<T>(file: string, text: string, check: () => T): T {
  const key = keyOf(file);
  if (!key) return check();
  const sha256 = createHash("sha256").update(text).digest("hex");
  const hit = load()[key];
  if (hit?.sha256 === sha256) return JSON.parse(hit.json) as T;
  const value = check();
  if (recording) recording[key] = { sha256, json: JSON.stringify(value) };
  return value;
}

/** Record every shipped file `read` checks, and write them as the cache (the build does this). */
export async function writeYamlCache(read: () => Promise<void>): Promise<number> {
  entries = {};
  recording = {};
  await read();
  writeFileSync(YAML_CACHE_FILE, JSON.stringify(recording));
  const n = Object.keys(recording).length;
  recording = undefined;
  entries = undefined;
  return n;
}
