import { closeSync, openSync, readSync, statSync } from "node:fs";

/** Whether a file begins with `prefix`, reading only as many bytes; false for a missing file or a folder. */
export function startsWith(path: string, prefix: string): boolean {
  const want = Buffer.from(prefix, "utf8");
  let fd: number;
  try {
    if (!statSync(path).isFile()) return false;
    fd = openSync(path, "r");
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(want.length);
    return readSync(fd, head, 0, want.length, 0) === want.length && head.equals(want);
  } finally {
    closeSync(fd);
  }
}
