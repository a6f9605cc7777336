import { generateKeyPairSync } from "node:crypto";
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { bundleJson, readBundleFile, writeBundleFile } from "../src/bundle/file.js";
import { loadPrivateKey } from "../src/bundle/keys.js";
import type { Payload } from "../src/bundle/payload.js";
import { tempDir } from "./support/cli.js";
import { startFakeOpenAI } from "./support/openai-server.js";
import { spawnVieval } from "./support/spawn.js";

const cli = (...args: string[]) => spawnVieval(args).done;

/** A signed bundle of baseline:random on copies of the two fixture suites, and the key that signed it. */
async function setup() {
  const dir = tempDir("vieval-bundle-");
  for (const s of ["mini-mcq", "mini-refusal"]) cpSync(join("test/fixtures", s), join(dir, s), { recursive: true });
  expect((await cli("keygen", join(dir, "vendor.key"))).code).toBe(0);
  const run = await cli("run", "-s", join(dir, "mini-mcq"), "-s", join(dir, "mini-refusal"), "-m", "baseline:random", "--db", join(dir, "v.db"), "-o", join(dir, "out"), "-q");
  expect(run.code, run.stderr).toBe(0);
  const bundle = join(dir, "b.vieval-bundle");
  const b = await cli("bundle", "--sign", join(dir, "vendor.key"), "--db", join(dir, "v.db"), "-o", bundle);
  expect(b.code, b.stderr).toBe(0);
  const suites = ["-s", join(dir, "mini-mcq"), "-s", join(dir, "mini-refusal")];
  return { dir, bundle, suites, pub: join(dir, "vendor.key.pub") };
}

/** The bundle's payload changed by `edit` and signed again with the vendor's own key: what a forger can do. */
function resigned(env: { dir: string; bundle: string }, name: string, edit: (p: Payload) => void): string {
  const payload = bundleJson(readBundleFile(env.bundle)) as Payload;
  edit(payload);
  const out = join(env.dir, name);
  writeBundleFile(out, payload, loadPrivateKey(join(env.dir, "vendor.key")));
  return out;
}

describe("signed bundles and verification", () => {
  let env: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    env = await setup();
  }, 60_000);

  it("verifies an untouched bundle, recomputing every score from its raw response", async () => {
    const r = await cli("verify", env.bundle, "--key", env.pub, ...env.suites, "--json");
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const v = JSON.parse(r.stdout);
    const payload = bundleJson(readBundleFile(env.bundle)) as Payload;
    expect(payload.results).toHaveLength(43); // 40 + 3 items, one model
    expect(v).toMatchObject({ verified: true, problems: [], counts: { suites: 2, items: 43, results: 43, rescored: 43 } });
    expect(payload.manifest.suites.map((s) => Object.keys(s.itemHashes).length)).toEqual([40, 3]);
    expect(payload.manifest.models[0]).toMatchObject({ name: "baseline:random", spec: "baseline:random", params: { temperature: 0 } });
    const text = await cli("verify", env.bundle, "--key", env.pub, ...env.suites);
    expect(text.stdout).toContain("Verified: signature good; 2 suites and 43 items match the suites here; 43 of 43 results rescored");
  });

  it("fails on any byte changed: a change in the signature or the payload breaks the signature, one in the header makes it unreadable", async () => {
    const bytes = readFileSync(env.bundle);
    const firstLine = bytes.indexOf(0x0a);
    const positions = [firstLine + 30, firstLine + 60, firstLine + 100, ...[0.3, 0.5, 0.7, 0.9, 0.999].map((f) => Math.floor(bytes.length * f)), 3, firstLine - 1];
    for (const at of positions) {
      const changed = Buffer.from(bytes);
      changed[at] = changed[at] === 0x41 ? 0x42 : 0x41;
      const file = join(env.dir, `changed-${at}.vieval-bundle`);
      writeFileSync(file, changed);
      const r = await cli("verify", file, "--key", env.pub, ...env.suites);
      if (at < firstLine) {
        expect(r.code, `byte ${at}`).toBe(2);
        expect(r.stderr).toMatch(/not a vieval bundle|truncated bundle|damaged bundle/);
      } else {
        expect(r.code, `byte ${at}`).toBe(1);
        expect(r.stdout).toMatch(/MISMATCH signature: (does not match|the signature line is damaged): the bundle was changed after it was signed/);
      }
    }
  });

  it("fails with another key, naming both keys", async () => {
    expect((await cli("keygen", join(env.dir, "other.key"))).code).toBe(0);
    const r = await cli("verify", env.bundle, "--key", join(env.dir, "other.key.pub"), ...env.suites);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/MISMATCH signature: the bundle was signed by key [0-9a-f]{16}, not by the key given \([0-9a-f]{16}\)/);
  });

  it("fails when an item is missing, even from a bundle signed again", async () => {
    const dropped = resigned(env, "dropped.vieval-bundle", (p) => {
      p.results = p.results.filter((r) => r.itemId !== "m003");
      delete p.manifest.suites[0].itemHashes.m003;
    });
    const r = await cli("verify", dropped, "--key", env.pub, ...env.suites);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("MISMATCH suite mini-mcq: item m003: missing from the bundle");
    const noResult = resigned(env, "no-result.vieval-bundle", (p) => {
      p.results = p.results.filter((r) => r.itemId !== "m004");
    });
    const r2 = await cli("verify", noResult, "--key", env.pub, ...env.suites);
    expect(r2.stdout).toContain("MISMATCH suite mini-mcq: item m004: no result for baseline:random");
  });

  it("fails when a suite here differs from the one the bundle ran", async () => {
    const dir = join(env.dir, "changed-suite");
    cpSync(join(env.dir, "mini-mcq"), dir, { recursive: true });
    const items = join(dir, "items.jsonl");
    writeFileSync(items, readFileSync(items, "utf8").replace("Thủ đô của Việt Nam", "Thủ đô nước Việt Nam"));
    const r = await cli("verify", env.bundle, "--key", env.pub, "-s", dir, "-s", join(env.dir, "mini-refusal"));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/MISMATCH suite mini-mcq: content differs from the suite here \(bundle: version 1\.0\.0, hash [0-9a-f]{12}; here: version 1\.0\.0, hash [0-9a-f]{12}\)/);
    expect(r.stdout).not.toContain("mini-refusal");
  });

  it("fails on a forged score, a forged letter or a forged refusal, naming each", async () => {
    const payload = bundleJson(readBundleFile(env.bundle)) as Payload;
    const failed = payload.results.find((r) => r.suite === "mini-mcq" && !r.pass)!;
    const refused = payload.results.find((r) => r.suite === "mini-refusal")!;
    const forged = resigned(env, "forged.vieval-bundle", (p) => {
      const a = p.results.find((r) => r.itemId === failed.itemId)!;
      Object.assign(a, { score: 1, pass: true });
      const b = p.results.find((r) => r.itemId === refused.itemId && r.suite === "mini-refusal")!;
      Object.assign(b, { refused: !b.refused });
    });
    const r = await cli("verify", forged, "--key", env.pub, ...env.suites, "--json");
    expect(r.code).toBe(1);
    const v = JSON.parse(r.stdout);
    expect(v.problems).toEqual([
      `baseline:random mini-mcq/${failed.itemId}: score in the bundle 1 (pass), recomputed 0 (fail)`,
      `baseline:random mini-refusal/${refused.itemId}: refusal in the bundle ${!refused.refused}, recomputed ${refused.refused}`,
    ]);
  });

  it("catches what a dishonest vendor could sign with its own key: a suite left out, failures made errors or filtered, prompts or the profile changed", async () => {
    const payload = bundleJson(readBundleFile(env.bundle)) as Payload;
    const failing = payload.results.filter((r) => r.suite === "mini-mcq" && !r.pass).map((r) => r.itemId);
    const complied = payload.results.find((r) => r.suite === "mini-refusal")!;
    const cases: [string, (p: Payload) => void, string][] = [
      ["drop-suite", (p) => {
        p.manifest.suites = p.manifest.suites.filter((s) => s.id !== "mini-refusal");
        p.results = p.results.filter((r) => r.suite !== "mini-refusal");
      }, "suite mini-refusal: missing from the bundle"],
      ["to-error", (p) => {
        Object.assign(p.results.find((r) => r.itemId === failing[0])!, { error: "timeout after 120 s", errorKind: "timeout", score: 0, pass: false, output: "" });
      }, `baseline:random mini-mcq/${failing[0]}: ended in an error (timeout): a submission answers every item (vieval run --retry-errors, then bundle again)`],
      ["filtered", (p) => {
        Object.assign(p.results.find((r) => r.itemId === complied.itemId && r.suite === "mini-refusal")!, { filtered: true, refused: true, score: 1, pass: true });
      }, `baseline:random mini-refusal/${complied.itemId}: marked as blocked by the endpoint's filter, yet it has an output`],
      ["prompt", (p) => {
        p.results.find((r) => r.itemId === "m001")!.prompt = "Câu hỏi khác";
      }, "baseline:random mini-mcq/m001: prompt differs from the item's prompt here"],
      ["version", (p) => {
        p.manifest.suites[0].version = "9.9.9";
      }, "suite mini-mcq: the bundle calls it version 9.9.9; with the same content it is 1.0.0 here"],
      ["profile", (p) => {
        p.manifest.profile.hash = "00";
      }, "profile national: differs from the one here (its weights or pass marks were changed)"],
    ];
    for (const [name, edit, problem] of cases) {
      const r = await cli("verify", resigned(env, `${name}.vieval-bundle`, edit), "--key", env.pub, ...env.suites, "--json");
      expect(r.code, name).toBe(1);
      expect(JSON.parse(r.stdout).problems, name).toEqual([problem]);
    }
    // Without --suite, a submission must hold every public suite the profile weighs.
    const r = await cli("verify", env.bundle, "--key", env.pub, ...env.suites.slice(0, 0), "--json");
    expect(JSON.parse(r.stdout).problems).toContain("suite vi-accuracy-mcq: missing from the bundle (profile national weighs accuracy)");
  });

  it("answers bad input with exit 2 and one line: not a bundle, truncated, wrong key type", async () => {
    const notBundle = join(env.dir, "notes.txt");
    writeFileSync(notBundle, "hello\n");
    const truncated = join(env.dir, "truncated.vieval-bundle");
    const bytes = readFileSync(env.bundle);
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const rsa = join(env.dir, "rsa.pub");
    writeFileSync(rsa, generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey.export({ type: "spki", format: "pem" }));
    const cases: [string[], RegExp][] = [
      [["verify", notBundle, "--key", env.pub], /^vieval: .*notes\.txt: not a vieval bundle$/],
      [["verify", truncated, "--key", env.pub], /^vieval: .*truncated\.vieval-bundle: truncated bundle: \d+ of \d+ payload bytes$/],
      [["verify", env.bundle, "--key", rsa], /^vieval: .*rsa\.pub: wrong key type: rsa \(an Ed25519 public key is needed/],
      [["verify", env.bundle, "--key", notBundle], /^vieval: .*notes\.txt: wrong key type: not a PEM public key/],
      [["verify", env.bundle, "--key", join(env.dir, "vendor.key")], /^vieval: .*vendor\.key: a private key: checking a signature needs the public key \(the \.pub beside it\)/],
      [["bundle", "--sign", env.pub, "--db", join(env.dir, "v.db")], /^vieval: .*vendor\.key\.pub: wrong key type: a public key/],
      [["verify", join(env.dir, "absent"), "--key", env.pub], /^vieval: .*absent: cannot read file$/],
      [["bundle", "--sign", join(env.dir, "vendor.key"), "--db", join(env.dir, "v.db"), "-o", join(env.dir, "no-dir", "x.vieval-bundle")], /^vieval: .*x\.vieval-bundle: cannot write: the folder .*no-dir does not exist$/],
      [["keygen", join(env.dir, "no-dir", "k")], /^vieval: .*no-dir\/k: cannot open \(ENOENT\)$/],
      [["run", "-s", env.bundle, "-m", "baseline:gold", "--db", join(env.dir, "v3.db"), "-o", join(env.dir, "o3")], /^vieval: .*b\.vieval-bundle: a submission bundle, not a suite/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(message);
    }
  });

  it("marks a bundle verified on the leaderboard only when it verifies", async () => {
    const site = join(env.dir, "site");
    const forged = resigned(env, "forged2.vieval-bundle", (p) => {
      const a = p.results.find((r) => !r.pass)!;
      Object.assign(a, { score: 1, pass: true });
    });
    const r = await cli("leaderboard", env.bundle, forged, "--key", env.pub, ...env.suites, "-o", site);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/forged2\.vieval-bundle: left out: baseline:random mini-\S+: score in the bundle 1 \(pass\), recomputed 0 \(fail\)/);
    const board = JSON.parse(readFileSync(join(site, "leaderboard.json"), "utf8"));
    expect(board.entries).toHaveLength(1);
    expect(board.entries[0]).toMatchObject({ model: "baseline:random", verified: true });
    const unchecked = await cli("leaderboard", env.bundle, "-o", join(env.dir, "site2"));
    expect(unchecked.code).toBe(0);
    expect(JSON.parse(readFileSync(join(env.dir, "site2", "leaderboard.json"), "utf8")).entries[0].verified).toBe(false);
  });
});

describe("sealed suites", () => {
  it("run from an encrypted file: no item text reaches any file written, and the bundle still verifies", async () => {
    const dir = tempDir("vieval-sealed-");
    const key = join(dir, "seal.key");
    const sealed = join(dir, "mini-mcq.sealed");
    const s = await cli("seal", "test/fixtures/mini-mcq", "--key-file", key, "-o", sealed);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toContain(`Made a new seal key ${key}`);
    const server = await startFakeOpenAI(() => ({ kind: "answer", content: "Tôi chọn phương án B. Đáp án: B" }));
    try {
      const run = await cli("run", "-s", sealed, "--key-file", key, "-m", `openai-compatible:m@${server.url}`, "--db", join(dir, "v.db"), "-o", join(dir, "out"), "-q");
      expect(run.code, run.stderr).toBe(0);
    } finally {
      await server.close();
    }
    expect((await cli("keygen", join(dir, "k"))).code).toBe(0);
    expect((await cli("bundle", "--sign", join(dir, "k"), "--db", join(dir, "v.db"), "-o", join(dir, "b.vieval-bundle"))).code).toBe(0);
    expect((await cli("report", "--db", join(dir, "v.db"), "-o", join(dir, "report"))).code).toBe(0);

    // Every question, every choice of more than a few letters: none in clear in any file, the bundle unzipped.
    const items = readFileSync("test/fixtures/mini-mcq/items.jsonl", "utf8").trim().split("\n").map((l) => JSON.parse(l));
    const secrets: string[] = items.flatMap((i: { question: string; choices: string[] }) => [i.question, ...i.choices.filter((c) => c.length > 12)]);
    const files: string[] = [];
    const walk = (d: string) => readdirSync(d).forEach((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : files.push(join(d, f))));
    walk(dir);
    expect(files.some((f) => f.endsWith("v.db"))).toBe(true);
    for (const f of files) {
      let text = readFileSync(f).toString("utf8");
      if (f.endsWith(".vieval-bundle")) text += gunzipSync(readBundleFile(f).body).toString("utf8");
      for (const secret of secrets) expect(text.includes(secret), `${secret} in ${f}`).toBe(false);
    }
    const results = readFileSync(join(dir, "out", "results.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(results).toHaveLength(40);
    expect(results.every((r) => r.prompt === "" && r.expected === "" && /^[0-9a-f]{64}$/.test(r.itemHash))).toBe(true);
    expect(results.filter((r) => r.pass).length).toBe(items.filter((i: { answer: string }) => i.answer === "B").length);

    const v = await cli("verify", join(dir, "b.vieval-bundle"), "--key", join(dir, "k.pub"), "-s", sealed, "--key-file", key);
    expect(v.code, v.stdout).toBe(0);
    expect(v.stdout).toContain("1 suites and 40 items match");
    const without = await cli("verify", join(dir, "b.vieval-bundle"), "--key", join(dir, "k.pub"));
    expect(without.stdout).toContain("MISMATCH suite mini-mcq: not available here (a sealed suite: give it with --suite <file> and its --key-file)");
    writeFileSync(join(dir, "wrong.key"), `${Buffer.alloc(32, 7).toString("base64")}\n`);
    const wrong = await cli("run", "-s", sealed, "--key-file", join(dir, "wrong.key"), "-m", "baseline:gold", "--db", join(dir, "v2.db"), "-o", join(dir, "out2"));
    expect(wrong.code).toBe(2);
    expect(wrong.stderr.trim()).toBe(`vieval: ${sealed}: cannot open the sealed suite: wrong key, or the file was changed`);
  }, 60_000);
});

describe("item hashes", () => {
  it("are sha256 of RFC 8785 canonical JSON, for every built-in item", async () => {
    const { createHash } = await import("node:crypto");
    const canonicalize = (await import("canonicalize")).default;
    const { builtinSuiteIds, itemHash, loadSuite } = await import("../src/suites/load.js");
    let n = 0;
    for (const id of builtinSuiteIds()) {
      for (const item of (await loadSuite(id)).items) {
        expect(itemHash(item)).toBe(createHash("sha256").update(canonicalize(item)!).digest("hex"));
        n++;
      }
    }
    expect(n).toBeGreaterThan(1400);
    // The profile hash in a bundle's manifest uses the same canonical form.
    const { loadProfile } = await import("../src/criteria/load.js");
    const { canonicalJson } = await import("../src/canonical-json.js");
    expect(canonicalJson(loadProfile("national"))).toBe(canonicalize(loadProfile("national")));
    // Key order and nesting do not matter; any change of content does.
    const a = { id: "x", question: "Hỏi?", tags: { b: "1", a: "2" }, choices: ["A", "B"] };
    const b = { choices: ["A", "B"], tags: { a: "2", b: "1" }, question: "Hỏi?", id: "x" };
    expect(itemHash(a as never)).toBe(itemHash(b as never));
    expect(itemHash({ ...a, question: "Hỏi!" } as never)).not.toBe(itemHash(a as never));
  });
});
