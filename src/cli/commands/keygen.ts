import { keygen } from "../../bundle/keys.js";

/** `vieval keygen [file]`: an Ed25519 key pair for signing submission bundles. */
export async function keygenCommand(file: string | undefined): Promise<number> {
  const k = keygen(file ?? "vieval-signing.key");
  process.stdout.write(
    `Wrote ${k.privateFile} (private: keep it, sign bundles with --sign) and ${k.publicFile} (public: give it to the evaluator). Key ${k.fingerprint}.\n`,
  );
  return 0;
}
