/** The listings generator: deterministic, valid items, every category, disguises, ~300 characters, streaming CLI. */
import { devSetPath } from "../support/dev-set.js";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseItem } from "../../src/io/item-schema.js";
import { generateListing, generateListings } from "../../tools/gen/listings.js";
import { CATEGORIES } from "../../src/types.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const N = 4000;
const items = [...generateListings(N, 1)];
const lines = items.map((i) => JSON.stringify(i));
const textOf = (i: (typeof items)[number]) =>
  [i.listing!.title, i.listing!.description, ...(i.listing!.sellingPoints ?? []), ...Object.values(i.listing!.attributes ?? {}).map(String)].join("\n");

describe("generateListings", () => {
  it("is deterministic for a seed, differs between seeds, and item i depends on (seed, i) only", () => {
    expect([...generateListings(50, 1)].map((i) => JSON.stringify(i))).toEqual(lines.slice(0, 50));
    const other = [...generateListings(50, 2)].map((i) => JSON.stringify(i).replace(/"id":"g2-/, '"id":"g1-'));
    expect(other.filter((l, k) => l === lines[k]).length).toBeLessThan(5);
    expect(JSON.stringify(generateListing(1234, 1))).toBe(lines[1234]);
  });

  it("gives valid listing items with unique ids", () => {
    for (const i of items) {
      const p = parseItem(JSON.parse(JSON.stringify(i)));
      expect(p.ok, JSON.stringify(i)).toBe(true);
      expect(i.channel).toBe("listing");
    }
    expect(new Set(items.map((i) => i.id)).size).toBe(N);
  });

  it("averages about 300 characters a line", () => {
    const mean = lines.reduce((s, l) => s + l.length, 0) / lines.length;
    expect(mean).toBeGreaterThan(250);
    expect(mean).toBeLessThan(350);
  });

  it("mixes clean listings with violations of all 16 categories", () => {
    const count = new Map<string, number>();
    let clean = 0;
    for (const i of items) {
      if (i.expect.length === 0) clean++;
      for (const c of i.expect) count.set(c, (count.get(c) ?? 0) + 1);
    }
    expect(clean / N).toBeGreaterThan(0.5);
    expect(clean / N).toBeLessThan(0.75);
    for (const c of CATEGORIES) expect(count.get(c) ?? 0, c).toBeGreaterThan(5);
  });

  it("varies wording: several templates per category and disguised terms", () => {
    const all = items.map(textOf).join("\n");
    expect(all).toMatch(/[\uFF10-\uFF5A]/); // full-width letters or digits
    expect(all).toMatch(/[國價絕網廠紅級]/); // traditional characters
    expect(all).toMatch(/[\u4e00-\u9fff] [\u4e00-\u9fff] [\u4e00-\u9fff]/); // spaces inside a word
    expect(all).toMatch(/(薇信|威信|V信|vx|嘉薇|保成活|弟一|高方)/); // homophones and disguise words
    expect(all).toMatch(/\b(jia ?wei ?xin|si ?liao|wei ?xin|[a-z]+ [a-z]+ [a-z]+)\b/); // pinyin
    const titlesByCategory = new Map<string, Set<string>>();
    for (const i of items) for (const c of i.expect) titlesByCategory.set(c, (titlesByCategory.get(c) ?? new Set()).add(i.listing!.title!));
    for (const c of CATEGORIES) expect(titlesByCategory.get(c)!.size, c).toBeGreaterThan(5);
    // Attribute keys vary the way real listings do.
    const keys = new Set(items.flatMap((i) => Object.keys(i.listing!.attributes ?? {})));
    for (const k of ["material", "材质", "brand", "品牌", "origin", "产地", "variety", "quantity", "netContent", "ingredients", "fillContent", "color", "spec"]) expect(keys, k).toContain(k);
  });

  it.skipIf(!devSetPath())("does not copy development-set cases", () => {
    const devPath = devSetPath()!;
    const dev = readFileSync(devPath, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
    const devTexts = new Set<string>();
    for (const d of dev) {
      for (const t of [d.text, d.listing?.title, d.listing?.description, ...(d.fragments ?? []).map((f: { text: string }) => f.text)]) {
        if (typeof t === "string" && t.length >= 10) devTexts.add(t);
      }
    }
    expect(devTexts.size).toBeGreaterThan(20);
    for (const i of items) {
      expect(devTexts.has(i.listing!.title!), i.listing!.title).toBe(false);
      expect(devTexts.has(i.listing!.description!), i.listing!.description).toBe(false);
    }
  });
});

describe("npm run gen:listings", () => {

  it("writes the same JSONL as the library, to stdout", () => {
    const r = spawnSync(process.execPath, [join(root, "dist/tools/gen/listings-cli.js"), "--count", "600", "--seed", "1"], { encoding: "utf8", maxBuffer: 1 << 26 });
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n").filter(Boolean)).toEqual(lines.slice(0, 600));
  });

  it("streams: a reader that stops early ends a huge run at once, without it generating everything", async () => {
    const p = spawn(process.execPath, [join(root, "dist/tools/gen/listings-cli.js"), "--count", "100000000"], { stdio: ["ignore", "pipe", "pipe"] });
    const first = await new Promise<string>((resolve) => p.stdout!.once("data", (b: Buffer) => resolve(b.toString())));
    expect(first.startsWith('{"id":"g1-0000001"')).toBe(true);
    p.stdout!.destroy();
    const code = await new Promise<number | null>((resolve) => p.once("exit", (c) => resolve(c)));
    expect(code).toBe(0);
  });

  it("--out FILE: `npm run gen:listings -- … --out FILE` (even without -s) writes only the listings, no npm banner", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hegui-gen-"));
    const f = join(dir, "listings.jsonl");
    const npm = spawn("npm", ["run", "gen:listings", "--", "--count", "300", "--seed", "1", "--out", f], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    npm.stderr!.on("data", (b: Buffer) => (err += b.toString()));
    npm.stdout!.resume();
    const code = await new Promise<number | null>((resolve) => npm.once("exit", (c) => resolve(c)));
    expect(code, err).toBe(0);
    expect(readFileSync(f, "utf8").split("\n").filter(Boolean)).toEqual(lines.slice(0, 300));
    // A name ending in .gz is gzipped.
    const gz = join(dir, "listings.jsonl.gz");
    const r = spawnSync(process.execPath, [join(root, "dist/tools/gen/listings-cli.js"), "--count", "50", "--out", gz], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(gunzipSync(readFileSync(gz)).toString("utf8").split("\n").filter(Boolean)).toEqual(lines.slice(0, 50));
    const bad = spawnSync(process.execPath, [join(root, "dist/tools/gen/listings-cli.js"), "--count", "5", "--out", join(dir, "no", "such", "x.jsonl")], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("cannot write");
  });

  it("refuses bad arguments with exit 2", () => {
    const r = spawnSync(process.execPath, [join(root, "dist/tools/gen/listings-cli.js"), "--count", "lots"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--count must be a non-negative integer/);
  });
});
