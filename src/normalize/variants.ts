/** The disguise map of _variants.yaml, compiled for normalization. */
export interface VariantMap {
  /** Disguised form (normalized without variants) -> canonical form. */
  forms: Map<string, string>;
  maxLength: number;
  /** First UTF-16 unit of every form: a position starting with anything else is skipped at once. */
  starts: Set<string>;
  /**
   * Most separator (and format) characters skipped between two kept characters
   * as if they were not there: a longer gap is a break like a sentence end, so
   * no term is found across it (加 + 100,000 "-" + 微信 is no hit).
   */
  maxGap: number;
  /** Spoken fillers put inside a word to dodge it (_variants.yaml `fillers`, normalized), longest first. */
  fillers: readonly string[];
}

/** The separator gap when _variants.yaml sets none. */
export const DEFAULT_MAX_GAP = 16;

export const EMPTY_VARIANTS: VariantMap = { forms: new Map(), maxLength: 0, starts: new Set(), maxGap: DEFAULT_MAX_GAP, fillers: [] };

/**
 * Build the map. `fold` normalizes a form the way text is normalized before the
 * variant step (NFKC, case, simplified, separators removed). A one-character
 * form must be an ideograph (蕞 -> 最: a rare look-alike); one Latin letter or
 * digit is never rewritten on its own.
 */
export function compileVariants(map: Record<string, string[]>, fold: (s: string) => string, maxGap = DEFAULT_MAX_GAP, fillers: readonly string[] = []): VariantMap {
  const forms = new Map<string, string>();
  let maxLength = 0;
  for (const [canonical, list] of Object.entries(map)) {
    const to = fold(canonical);
    for (const form of list) {
      const f = fold(form);
      if (f.length === 0 || f === to || (f.length === 1 && !/^\p{Script=Han}$/u.test(f))) continue;
      forms.set(f, to);
      maxLength = Math.max(maxLength, f.length);
    }
  }
  const folded = [...new Set(fillers.map(fold).filter((f) => f.length > 0))].sort((a, b) => b.length - a.length);
  return { forms, maxLength, starts: new Set([...forms.keys()].map((f) => f[0])), maxGap, fillers: folded };
}
