import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalize } from "../src/normalize/normalize.js";
import { compileVariants, EMPTY_VARIANTS } from "../src/normalize/variants.js";
import { SEP_COMMA, SEP_NONE, SEP_STRONG, SEP_WEAK } from "../src/normalize/chars.js";

const fold = (s: string) => normalize(s, EMPTY_VARIANTS).text;
const variants = compileVariants({ 微信: ["薇信", "威信", "vx", "绿泡泡"], 加微: ["加薇", "➕v", "+v"], "100%": ["百分之百", "百分百"] }, fold);
const norm = (s: string) => normalize(s, variants);

describe("normalize", () => {
  it.each([
    ["full-width to half-width", "１００％发芽", "100%发芽"],
    ["case folding", "VX号", "微信号"],
    ["traditional to simplified", "全網最低價 國家級 開光", "全网最低价国家级开光"],
    ["zero-width removed", "包\u200b成\u200d活", "包成活"],
    ["spaces and symbols inside words", "加-微-信 包 成 活", "加微信包成活"],
    ["emoji inside words", "包🌸成活 免🆓单", "包成活免单"],
    ["triple repeats collapsed", "最最最好", "最好"],
    ["doubles kept", "宝宝们", "宝宝们"],
    ["numeral runs kept whole", "幺三八零零零零八八八八", "幺三八零零零零八八八八"],
    ["percent words", "百分之百发芽 百分百 💯发芽", "100%发芽100%100%发芽"],
    ["disguises", "加薇 绿泡泡 ➕v", "加微微信加微"],
    ["decimal and ratio kept", "9.9元 1:1复刻 １：１", "9.9元1:1复刻1:1"],
  ])("%s", (_name, input, expected) => {
    expect(norm(input).text).toBe(expected);
  });

  it("records separator strength before each character", () => {
    const n = norm("好的，包 成活。最好");
    const at = (ch: string) => n.sep[n.text.indexOf(ch)];
    expect(at("好")).toBe(SEP_NONE);
    expect(at("包")).toBe(SEP_COMMA);
    expect(at("成")).toBe(SEP_WEAK);
    expect(at("最")).toBe(SEP_STRONG);
  });

  it("maps every normalized character back to the original", () => {
    const original = "家人们 包🌸成活，vx：abc";
    const n = norm(original);
    const s = n.text.indexOf("包");
    expect(original.slice(n.src[s], n.srcEnd[s + 2])).toBe("包🌸成活");
    const w = n.text.indexOf("微信");
    expect(original.slice(n.src[w], n.srcEnd[w + 1])).toBe("vx");
  });

  it("reads a heart as 爱 before 心, as 心 where that makes a disguise, and as decoration elsewhere", () => {
    const withHeart = compileVariants({ 微信: ["v心", "薇心"] }, fold);
    const n = (s: string) => normalize(s, withHeart).text;
    expect(n("下单就是献❤️心")).toBe("下单就是献爱心");
    expect(n("献❤️爱心")).toBe("献爱心");
    expect(n("人民日❤️报推荐")).toBe("人民日报推荐");
    expect(n("瘫💗痪在床")).toBe("瘫痪在床");
    expect(n("加v❤️ 123")).toBe("加微信123");
    expect(n("加个薇♥")).toBe("加个微信");
    expect(n("我们❤你们")).toBe("我们你们");
    const o = "献❤️心";
    const m = normalize(o, withHeart);
    expect(o.slice(m.src[1], m.srcEnd[1])).toBe("❤");
  });

  it("reads marks between single digits as separators, one between numbers as a decimal point", () => {
    expect(fold("原.价.8.9.9 现价9.9")).toBe("原价899现价9.9");
    expect(fold("原价1.2.9.9")).toBe("原价1299");
    expect(fold("9.9元 1:1复刻")).toBe("9.9元1:1复刻");
  });

  it("maps a one-character look-alike ideograph, never a lone letter", () => {
    const v = compileVariants({ 最: ["蕞"], 微信: ["v"] }, fold);
    const o = "蕞好用 v5";
    const n = normalize(o, v);
    expect(n.text).toBe("最好用v5");
    expect(o.slice(n.src[0], n.srcEnd[0])).toBe("蕞");
  });

  it("drops ideographs used only as separators (丨 丶)", () => {
    expect(fold("公丨益丨助丨农")).toBe("公益助农");
    expect(fold("微丶信")).toBe("微信");
    expect(norm("薇丨信").text).toBe("微信");
  });

  it("finds a disguise after a character outside the BMP (two UTF-16 units)", () => {
    const original = "𠮷vx全网";
    const n = norm(original);
    expect(n.text).toBe("𠮷微信全网");
    const w = n.text.indexOf("微信");
    expect(original.slice(n.src[w], n.srcEnd[w + 1])).toBe("vx");
    expect(norm("👍🏽𠮷薇信").text).toBe("𠮷微信");
  });

  const alphabet = fc.constantFrom(
    ..."包成活最好第一次國家級開光微信薇绿泡泡１００％ａＢ abc,.!？。，、🌸🔥❤️\u200b\u200d\ufe0f-_~加v➕百分之百9:1宝".split(""),
    "𠮷",
    "👍🏽",
  );
  it("offset invariants hold for any text (property)", () => {
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }).map((a) => a.join("")), (original) => {
        const n = norm(original);
        expect(n.src.length).toBe(n.text.length);
        for (let i = 0; i < n.text.length; i++) {
          expect(n.src[i]).toBeGreaterThanOrEqual(0);
          expect(n.srcEnd[i]).toBeGreaterThan(n.src[i]);
          expect(n.srcEnd[i]).toBeLessThanOrEqual(original.length);
          if (i > 0) expect(n.src[i]).toBeGreaterThanOrEqual(n.src[i - 1]);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("normalizing a slice of the original gives back the normalized slice (property)", () => {
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 40 }).map((a) => a.join("")),
        fc.nat(),
        fc.nat(),
        (original, a, b) => {
          const n = normalize(original, EMPTY_VARIANTS);
          if (n.text.length === 0) return;
          const low = (i: number) => i < n.text.length && /[\udc00-\udfff]/.test(n.text[i]);
          let s = a % n.text.length;
          if (low(s)) s--; // slices are whole code points
          let e = s + 1 + (b % (n.text.length - s));
          if (low(e)) e++;
          // Collapsed runs and doubles at the slice edge change meaning; compare whole units only.
          const slice = original.slice(n.src[s], n.srcEnd[e - 1]);
          const again = normalize(slice, EMPTY_VARIANTS).text;
          const want = n.text.slice(s, e);
          if (/(.)\1/u.test(want) || /(.)\1/u.test(again)) return;
          // A mark kept only between digits (1:0, 9.9) is part of its number: a slice that cuts the number off it is no whole unit.
          if (/^[.:]|[.:]$/.test(want)) return;
          expect(again).toBe(want);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe("the shipped disguise map", () => {
  it("reads look-alike ideographs and financial numerals, and leaves ordinary words alone", async () => {
    const { shippedEngine } = await import("./support/engine.js");
    const v = shippedEngine().lexicon.variants;
    expect(normalize("亏夲冲量 出厂価 壹比壹", v).text).toBe("亏本冲量出厂价一比一");
    expect(normalize("陆续发货 队伍 收拾 放肆", v).text).toBe("陆续发货队伍收拾放肆");
  });
});
