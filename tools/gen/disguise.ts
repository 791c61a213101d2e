/**
 * Disguises sellers use to slip a term past filters: full-width characters,
 * spaces or symbols inside the word, an emoji inside it, traditional
 * characters, homophones, pinyin. Applied to one term of a generated phrase.
 */
import * as OpenCC from "opencc-js";
import { pinyin } from "pinyin-pro";
import type { Rng } from "./prng.js";

export const DISGUISES = ["none", "fullwidth", "spaces", "separators", "emoji", "traditional", "homophone", "pinyin"] as const;
export type Disguise = (typeof DISGUISES)[number];

/** How often each disguise is tried (none: the plain term). */
const WEIGHTS: Record<Disguise, number> = {
  none: 52,
  fullwidth: 7,
  spaces: 8,
  separators: 6,
  emoji: 5,
  traditional: 11,
  homophone: 8,
  pinyin: 3,
};

/** Homophones and look-alikes sellers use for common terms. */
export const HOMOPHONES: Record<string, string[]> = {
  微信: ["薇信", "威信", "徽信", "V信", "vx", "VX", "wx"],
  加微信: ["加薇", "嘉薇", "+V", "加v", "家薇信", "➕微"],
  加我微信: ["加我薇", "加我v", "+我V"],
  私聊: ["丝聊", "私l", "思聊"],
  私信: ["私心", "丝信"],
  包成活: ["保成活", "宝成活", "包晟活"],
  "100%发芽": ["百分百发芽", "百分之百发芽", "100%发牙"],
  最低价: ["蕞低价", "醉低价", "最d价"],
  全网最低价: ["全网蕞低价", "全往最低价"],
  第一: ["弟一", "第1", "递一"],
  销量第一: ["销量弟一", "销量第1"],
  高仿: ["高方", "搞仿", "gao仿"],
  A货: ["a货", "Ａ货", "诶货"],
  原单: ["圆单", "源单"],
  复刻: ["复克", "付刻"],
  开光: ["开広", "开guang"],
  根治: ["跟治", "根冶"],
  治疗: ["致疗", "治liao"],
  好评返现: ["好评反现", "好平返现", "好评返xian"],
  免单: ["免丹", "免dan"],
  亏本: ["亏笨", "亏ben"],
  出厂价: ["出场价", "出chang价"],
  国家级: ["国家极", "囯家级"],
  绝对: ["决对", "绝d"],
  永久: ["永玖", "永9"],
  顶级: ["鼎级", "顶极"],
  唯一: ["惟一", "维一"],
  减肥药: ["减肥yao", "剪肥药"],
  电子烟: ["电子焉", "电zi烟", "dz烟"],
  处方药: ["处方yao", "chu方药"],
  降血压: ["降血丫", "降xue压"],
  转账: ["转帐", "赚账"],
  线下交易: ["线下交yi", "xian下交易"],
  滞销: ["滞xiao", "制销"],
  捐赠: ["捐zeng", "娟赠"],
};

const EMOJI = ["🌸", "✨", "🔥", "❤️", "⭐", "💰", "🍀", "👍", "🎉", "😊"];
const SEPARATORS = ["-", "·", "*", "/", "_", "|", ".", "~", "丨"];

let toTraditional: ((s: string) => string) | undefined;
const tradCache = new Map<string, string>();
const pinyinCache = new Map<string, string>();

export function traditional(s: string): string {
  let t = tradCache.get(s);
  if (t === undefined) {
    toTraditional ??= OpenCC.Converter({ from: "cn", to: "tw" }) as (s: string) => string;
    t = toTraditional(s);
    if (tradCache.size < 50_000) tradCache.set(s, t);
  }
  return t;
}

export function fullWidth(s: string): string {
  let out = "";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    out += c === 0x20 ? "\u3000" : c > 0x20 && c < 0x7f ? String.fromCodePoint(c + 0xfee0) : ch;
  }
  return out;
}

function pinyinOf(s: string, r: Rng): string {
  const key = s;
  let p = pinyinCache.get(key);
  if (p === undefined) {
    p = pinyin(s, { toneType: "none", type: "array" }).join(" ");
    pinyinCache.set(key, p);
  }
  return r.chance(0.5) ? p : p.replace(/ /g, "");
}

function interleave(s: string, sep: () => string, everyGap: boolean): string {
  const chars = [...s];
  if (chars.length < 2) return s;
  if (!everyGap) {
    const at = 1 + Math.floor(chars.length / 2) - (chars.length > 2 ? 1 : 0);
    return chars.slice(0, at).join("") + sep() + chars.slice(at).join("");
  }
  return chars.join(sep());
}

/** Does the term have characters full-width conversion changes? */
const hasAscii = (s: string) => /[\x21-\x7e]/.test(s);
const isHan = (s: string) => /^[\u4e00-\u9fff]+$/.test(s);

/** Draw a disguise that makes sense for this term. */
export function pickDisguise(term: string, r: Rng, allowPinyin = true): Disguise {
  const kinds = DISGUISES.filter((k) => {
    if (k === "fullwidth") return hasAscii(term);
    if (k === "homophone") return term in HOMOPHONES;
    if (k === "pinyin") return allowPinyin && isHan(term) && [...term].length >= 2 && [...term].length <= 4;
    if (k === "traditional") return traditional(term) !== term;
    if (k === "spaces" || k === "separators" || k === "emoji") return [...term].length >= 2;
    return true;
  });
  return kinds[r.weighted(kinds.map((k) => WEIGHTS[k]))];
}

export function applyDisguise(term: string, kind: Disguise, r: Rng): string {
  switch (kind) {
    case "none":
      return term;
    case "fullwidth":
      return fullWidth(term);
    case "spaces":
      return interleave(term, () => (r.chance(0.8) ? " " : "\u3000"), r.chance(0.7));
    case "separators": {
      const sep = r.pick(SEPARATORS);
      return interleave(term, () => sep, r.chance(0.6));
    }
    case "emoji":
      return interleave(term, () => r.pick(EMOJI), false);
    case "traditional":
      return traditional(term);
    case "homophone":
      return r.pick(HOMOPHONES[term] ?? [term]);
    case "pinyin":
      return pinyinOf(term, r);
  }
}
