import { sign, verify, type KeyObject } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { startsWith } from "../file-head.js";
import { InputError } from "../input-error.js";
import { fingerprint } from "./keys.js";

/**
 * A submission bundle is one file:
 *
 *   vieval-bundle 1 <payload bytes>\n
 *   ed25519 <key fingerprint> <base64 signature>\n
 *   <payload: gzipped JSON>
 *
 * The signature covers the first line and the payload, byte for byte, and is checked before anything is parsed.
 */
const MAGIC = "vieval-bundle";

/** A file that starts like a bundle. */
export const isBundleFile = (path: string): boolean => startsWith(path, `${MAGIC} `);

export function writeBundleFile(path: string, payload: unknown, key: KeyObject): void {
  if (!existsSync(dirname(path))) throw new InputError(`${path}: cannot write: the folder ${dirname(path)} does not exist`);
  const body = gzipSync(Buffer.from(JSON.stringify(payload), "utf8"), { level: 9 });
  const head = Buffer.from(`${MAGIC} 1 ${body.length}\n`, "utf8");
  const signature = sign(null, Buffer.concat([head, body]), key).toString("base64");
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, Buffer.concat([head, Buffer.from(`ed25519 ${fingerprint(key)} ${signature}\n`, "utf8"), body]));
  renameSync(tmp, path);
}

export interface BundleFile {
  path: string;
  /** The fingerprint of the key the bundle says signed it. */
  signedBy: string;
  signature: Buffer;
  signed: Buffer;
  body: Buffer;
}

/** Reads the envelope; not a bundle or truncated ends in one clear line (exit 2). */
export function readBundleFile(path: string): BundleFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new InputError(`${path}: cannot read file`);
  }
  const nl1 = bytes.indexOf(0x0a);
  const first = bytes.subarray(0, nl1 < 0 ? Math.min(bytes.length, 64) : nl1).toString("utf8");
  const m = /^vieval-bundle 1 (\d+)$/.exec(first);
  if (!m) throw new InputError(`${path}: not a vieval bundle`);
  const nl2 = bytes.indexOf(0x0a, nl1 + 1);
  if (nl2 < 0) throw new InputError(`${path}: truncated bundle: the signature line is cut off`);
  const body = bytes.subarray(nl2 + 1);
  const length = Number(m[1]);
  if (body.length < length) throw new InputError(`${path}: truncated bundle: ${body.length} of ${length} payload bytes`);
  if (body.length > length) throw new InputError(`${path}: damaged bundle: ${body.length - length} bytes after the payload`);
  const sigLine = /^ed25519 ([0-9a-f]{16}) ([A-Za-z0-9+/=]+)$/.exec(bytes.subarray(nl1 + 1, nl2).toString("utf8"));
  return {
    path,
    signedBy: sigLine?.[1] ?? "?",
    signature: Buffer.from(sigLine?.[2] ?? "", "base64"),
    signed: Buffer.concat([bytes.subarray(0, nl1 + 1), body]),
    body,
  };
}

/** Checks the signature with a public key; returns the problem, or undefined when it holds. */
export function signatureProblem(file: BundleFile, key: KeyObject): string | undefined {
  const given = fingerprint(key);
  if (file.signedBy === "?") return "signature: the signature line is damaged: the bundle was changed after it was signed";
  if (file.signedBy !== given) return `signature: the bundle was signed by key ${file.signedBy}, not by the key given (${given})`;
  if (file.signature.length !== 64 || !verify(null, file.signed, key, file.signature)) {
    return "signature: does not match: the bundle was changed after it was signed";
  }
  return undefined;
}

/** The payload's JSON, once the signature has been checked (or for reading an unverified bundle). */
export function bundleJson(file: BundleFile): unknown {
  try {
    return JSON.parse(gunzipSync(file.body).toString("utf8"));
  } catch {
    throw new InputError(`${file.path}: damaged bundle: the payload cannot be read`);
  }
}
