import { readFileSync } from "node:fs";
import { packagePath } from "./package-path.js";

export const VERSION: string = JSON.parse(readFileSync(packagePath("package.json"), "utf8")).version;

/** The git commit vieval was installed from, when it runs from a clone (null from a package). */
export function vievalCommit(): string | null {
  try {
    const head = readFileSync(packagePath(".git", "HEAD"), "utf8").trim();
    const ref = /^ref: (.+)$/.exec(head)?.[1];
    if (!ref) return /^[0-9a-f]{40}$/.test(head) ? head : null;
    try {
      return readFileSync(packagePath(".git", ref), "utf8").trim();
    } catch {
      const packed = readFileSync(packagePath(".git", "packed-refs"), "utf8");
      return new RegExp(`^([0-9a-f]{40}) ${ref.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`, "m").exec(packed)?.[1] ?? null;
    }
  } catch {
    return null;
  }
}
