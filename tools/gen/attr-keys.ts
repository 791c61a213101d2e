/** Attribute keys as sellers and platforms actually spell them: English, Chinese, camelCase. */
import type { Rng } from "./prng.js";

export const ATTR_KEYS = {
  material: ["material", "材质", "面料", "fabric"],
  brand: ["brand", "品牌"],
  origin: ["origin", "产地", "产区"],
  variety: ["variety", "品种"],
  quantity: ["quantity", "数量", "件数"],
  netContent: ["netContent", "净含量", "重量"],
  ingredients: ["ingredients", "配料", "配料表"],
  fillContent: ["fillContent", "充绒量"],
  filling: ["filling", "填充物"],
  color: ["color", "颜色"],
  spec: ["spec", "规格", "型号"],
  size: ["size", "尺码", "尺寸"],
  height: ["height", "株高"],
  capacity: ["capacity", "容量"],
  shelfLife: ["shelfLife", "保质期"],
  power: ["power", "功率"],
} as const;

export type AttrName = keyof typeof ATTR_KEYS;

/** An attributes object built with one spelling per key, chosen by the item's rng. */
export class AttrBuilder {
  readonly out: Record<string, unknown> = {};
  private keys = new Map<AttrName, string>();
  constructor(private r: Rng) {}

  /** The key for `name` (chosen once per listing, from `choices` when given). */
  key(name: AttrName, choices?: readonly string[]): string {
    let k = this.keys.get(name);
    if (!k) {
      k = this.r.pick(choices ?? ATTR_KEYS[name]);
      this.keys.set(name, k);
    }
    return k;
  }

  set(name: AttrName, value: unknown, choices?: readonly string[]): this {
    this.out[this.key(name, choices)] = value;
    return this;
  }

  get(name: AttrName): unknown {
    const k = this.keys.get(name);
    return k === undefined ? undefined : this.out[k];
  }
}
