// "应用建议": turn a violation's suggestion into a replacement for the matched words.
// Suggestions are written for people ("去掉“全网最”，改说具体优惠", "改为“推荐”“适合”",
// "成活率高，附养护指南"), so the replacement is read out of them:
//   1. “A”改为“B” where A is what was matched            -> B
//   2. 去掉/删除/删去“X” where the match contains X       -> the match without X
//   3. 如/改为/改成/换成/例如“B” (B not itself rewritten) -> B
//   4. a plain phrase with no advice words (up to ；)     -> that phrase
//   5. otherwise                                          -> delete the matched words
// Nothing is offered where cutting words is not the fix: missing information
// (missing_disclosure: add it) and claims that contradict the listing
// (attribute_mismatch: say what the listing says, which only the writer can phrase).

const NOT_BY_REWRITE = new Set(["missing_disclosure", "attribute_mismatch"]);

const ADVICE = /不得|须|不承诺|不宣|不以|不作|不用|不要|不在|不贬|不超过|如实|说明|注明|标注|改为|改成|改说|代替|去掉|删除|删去|使用|避免|以页面|只在|严禁|禁止|给出|补充|按|请|用真实|用客观|用可|用具体|客观比较/;

/** {replacement, label} for a violation, or null when it cannot be applied in the editor. */
export function proposeRewrite(v) {
  if (!v || v.field !== "text" || !(v.end > v.start) || typeof v.matched !== "string") return null;
  if (NOT_BY_REWRITE.has(v.category)) return null;
  const m = v.matched;
  const s = String(v.suggestion ?? "");
  const replacement = replacementFor(m, v.term, s);
  return { replacement, label: replacement === "" ? `删除“${m}”` : `“${m}”→“${replacement}”` };
}

function replacementFor(matched, term, s) {
  for (const x of s.matchAll(/“([^”]+)”改(?:为|成)“([^”]+)”/g)) {
    if (x[1] === matched || x[1] === term) return x[2];
  }
  const del = /^(?:去掉|删除|删去)“([^”]+)”/.exec(s);
  if (del && matched.includes(del[1])) return matched.replace(del[1], "");
  for (const x of s.matchAll(/(?:如|改为|改成|换成|例如)“([^”]+)”/g)) {
    const after = s.slice(x.index + x[0].length);
    if (!/^改(?:为|成)/.test(after)) return x[1];
  }
  const phrase = s.split(/[；;]/)[0].trim();
  if (phrase && !ADVICE.test(phrase) && !/[“”"]/.test(phrase)) return phrase;
  return "";
}

/** The text with one violation rewritten, or null when the text no longer holds the match there. */
export function applyRewrite(text, v, replacement) {
  if (text.slice(v.start, v.end) !== v.matched) return null;
  return text.slice(0, v.start) + replacement + text.slice(v.end);
}

/** Every applicable violation rewritten, from the end backwards, skipping overlaps. */
export function applyAll(text, violations) {
  const order = violations
    .map((v) => ({ v, p: proposeRewrite(v) }))
    .filter((x) => x.p)
    .sort((a, b) => b.v.start - a.v.start);
  let out = text;
  let limit = Infinity;
  let applied = 0;
  for (const { v, p } of order) {
    if (v.end > limit) continue;
    const next = applyRewrite(out, v, p.replacement);
    if (next === null) continue;
    out = next;
    limit = v.start;
    applied++;
  }
  return { text: out, applied };
}
