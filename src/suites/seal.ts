import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { z } from "zod";
import { startsWith } from "../file-head.js";
import { InputError } from "../input-error.js";

/**
 * A sealed suite: one file whose first line is a public header (what the suite is, never its items) and whose
 * second line is the suite's files encrypted with AES-256-GCM, the header bound in as associated data. vieval
 * opens it in memory only.
 */
export const SEALED_FORMAT = "vieval-sealed-suite";

const SealedHeader = z.strictObject({
  format: z.literal(SEALED_FORMAT),
  version: z.literal(1),
  id: z.string(),
  suiteVersion: z.string(),
  criterion: z.string(),
  task: z.string(),
  items: z.number().int(),
  hash: z.string(),
  cipher: z.literal("aes-256-gcm"),
  iv: z.string(),
});
export type SealedHeader = z.infer<typeof SealedHeader>;

/** The files of a suite, by name relative to its folder. */
export interface SuiteFiles {
  "suite.yaml": string;
  [name: string]: string;
}
const Plain = z.record(z.string(), z.string());

/** A seal key file holds 32 bytes: as base64 or hex text, or raw. */
export function readSealKey(file: string): Buffer {
  if (!existsSync(file)) throw new InputError(`${file}: key file not found`);
  const raw = readFileSync(file);
  const text = raw.toString("latin1").trim();
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, "hex") : /^[A-Za-z0-9+/]{43}=$/.test(text) ? Buffer.from(text, "base64") : raw;
  if (key.length !== 32) throw new InputError(`${file}: not a seal key (need 32 bytes as base64 or hex; \`vieval seal\` makes one)`);
  return key;
}

/** Makes a new seal key file (base64, readable by its owner only). */
export function writeSealKey(file: string): Buffer {
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  return key;
}

export function isSealed(path: string): boolean {
  return startsWith(path, `{"format":"${SEALED_FORMAT}"`);
}

export function sealSuite(header: Omit<SealedHeader, "format" | "version" | "cipher" | "iv">, files: SuiteFiles, key: Buffer): string {
  const iv = randomBytes(12);
  const head = JSON.stringify({ format: SEALED_FORMAT, version: 1, ...header, cipher: "aes-256-gcm", iv: iv.toString("base64") });
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(head, "utf8"));
  const body = Buffer.concat([cipher.update(JSON.stringify(files), "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `${head}\n${body.toString("base64")}\n`;
}

/** Opens a sealed suite in memory; a wrong key or any changed byte ends in one clear line. */
export function openSealed(path: string, key: Buffer | undefined): { header: SealedHeader; files: SuiteFiles } {
  const [head, body] = readFileSync(path, "utf8").split("\n");
  let header: SealedHeader;
  try {
    header = SealedHeader.parse(JSON.parse(head));
  } catch {
    throw new InputError(`${path}: not a sealed suite (damaged header)`);
  }
  if (!key) throw new InputError(`${path}: sealed suite: give its key with --key-file (or VIEVAL_SEAL_KEY_FILE)`);
  const data = Buffer.from(body ?? "", "base64");
  if (data.length < 16) throw new InputError(`${path}: sealed suite is truncated`);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(header.iv, "base64"));
    decipher.setAAD(Buffer.from(head, "utf8"));
    decipher.setAuthTag(data.subarray(data.length - 16));
    const plain = Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]);
    const files = Plain.parse(JSON.parse(plain.toString("utf8")));
    if (typeof files["suite.yaml"] !== "string") throw new Error("no suite.yaml");
    return { header, files: files as SuiteFiles };
  } catch {
    throw new InputError(`${path}: cannot open the sealed suite: wrong key, or the file was changed`);
  }
}

/** The seal key named by a flag or by VIEVAL_SEAL_KEY_FILE, if any. */
export function sealKeyFrom(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Buffer | undefined {
  const file = flag ?? env.VIEVAL_SEAL_KEY_FILE;
  return file ? readSealKey(file) : undefined;
}
