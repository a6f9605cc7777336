import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { InputError } from "../input-error.js";

/** Writes a new Ed25519 key pair: `<file>` (private, PKCS#8 PEM, owner-only) and `<file>.pub` (SPKI PEM). */
export function keygen(file: string): { privateFile: string; publicFile: string; fingerprint: string } {
  const publicFile = `${file}.pub`;
  for (const f of [file, publicFile]) if (existsSync(f)) throw new InputError(`${f}: already exists (choose another name; a key is never overwritten)`);
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  writeFileSync(file, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600, flag: "wx" });
  writeFileSync(publicFile, publicKey.export({ type: "spki", format: "pem" }), { flag: "wx" });
  return { privateFile: file, publicFile, fingerprint: fingerprint(publicKey) };
}

/** A short name of a public key: the first 16 hex digits of the sha256 of its SPKI DER. */
export function fingerprint(key: KeyObject): string {
  const pub = key.type === "private" ? createPublicKey(key) : key;
  return createHash("sha256").update(pub.export({ type: "spki", format: "der" })).digest("hex").slice(0, 16);
}

function readKeyFile(file: string): Buffer {
  if (!existsSync(file)) throw new InputError(`${file}: key file not found`);
  return readFileSync(file);
}

function ed25519(key: KeyObject, file: string, want: "private" | "public"): KeyObject {
  if (key.asymmetricKeyType !== "ed25519") throw new InputError(`${file}: wrong key type: ${key.asymmetricKeyType ?? key.type} (an Ed25519 ${want} key is needed; \`vieval keygen\` makes one)`);
  return key;
}

/** The Ed25519 private key that signs bundles. */
export function loadPrivateKey(file: string): KeyObject {
  const bytes = readKeyFile(file);
  let key: KeyObject;
  try {
    key = createPrivateKey(bytes);
  } catch {
    const isPublic = (() => {
      try {
        return createPublicKey(bytes).type === "public";
      } catch {
        return false;
      }
    })();
    throw new InputError(`${file}: wrong key type: ${isPublic ? "a public key (sign with the private key; give the .pub to the evaluator)" : "not a PEM private key"}`);
  }
  return ed25519(key, file, "private");
}

/** The Ed25519 public key that verifies bundles (a private key is accepted: its public half is used). */
export function loadPublicKey(file: string): KeyObject {
  const bytes = readKeyFile(file);
  // Node derives a public key from a private one; a verifier handed the signer's private key is told so instead.
  if (bytes.includes("PRIVATE KEY-----")) {
    throw new InputError(`${file}: a private key: checking a signature needs the public key (the .pub beside it); the private key stays with whoever signs`);
  }
  let key: KeyObject;
  try {
    key = createPublicKey(bytes);
  } catch {
    throw new InputError(`${file}: wrong key type: not a PEM public key (an Ed25519 public key is needed, the .pub that \`vieval keygen\` wrote)`);
  }
  return ed25519(key, file, "public");
}
