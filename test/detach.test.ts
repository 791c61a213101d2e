/** src/io/detach.ts: strings copied out of the text they were cut from, equal to what they were. */
import { describe, expect, it } from "vitest";
import { detachAll, detached } from "../src/io/detach.js";

describe("detached strings", () => {
  const source = "绝对化用语".repeat(40) + "absolute.juedui-最好的-yes";
  it("a long slice comes back equal, short strings as they are", () => {
    const slice = source.slice(180, 230);
    expect(detached(slice)).toBe(slice);
    expect(detached("最好")).toBe("最好");
    expect(detached("")).toBe("");
    expect(detached("\ud83d\ude00 emoji and a lone \ud800 surrogate kept".repeat(2))).toBe("\ud83d\ude00 emoji and a lone \ud800 surrogate kept".repeat(2));
  });
  it("every string of a parsed value, keys included, at any depth; other values untouched", () => {
    const key = source.slice(0, 20);
    const value = { entries: [{ id: source.slice(190), terms: [source.slice(5, 30), "最"], n: 3, ok: true, none: null }], [key]: { deep: [source.slice(1, 40)] } };
    const before = JSON.stringify(value);
    const out = detachAll(value);
    expect(out).toBe(value);
    expect(JSON.stringify(out)).toBe(before);
    expect(Object.keys(out)).toEqual(["entries", key]);
    const when = new Date(0);
    expect(detachAll({ when }).when).toBe(when);
  });
});
