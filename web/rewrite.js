// "应用修改": apply a violation's structured `fix` ({field, start, end, text, kind}) from the
// verdict. The page never works a replacement out of the `suggestion` prose: where the
// verdict offers no fix, the page offers none, and the suggestion stays advice to read.

/** {replacement, label} for a violation with a fix on the editor's text, or null. */
export function proposeRewrite(v) {
  const f = v?.fix;
  if (!f || f.field !== "text" || !(f.end > f.start) || typeof f.text !== "string") return null;
  return { replacement: f.text, start: f.start, end: f.end, kind: f.kind, label: fixLabel(f) };
}

function fixLabel(f) {
  if (f.kind === "delete-clause") return "删除所在分句";
  if (f.text === "") return "删除该词";
  return `改为“${f.text}”`;
}

/** What a fix would remove, for the preview: the words of the checked text it covers. */
export function fixedWords(checkedText, v) {
  const f = v?.fix;
  return f ? checkedText.slice(f.start, f.end) : "";
}

/** The text with one fix applied, or null when the text is no longer the one the verdict was made for. */
export function applyRewrite(text, checkedText, v) {
  const p = proposeRewrite(v);
  if (!p || text !== checkedText || p.end > text.length) return null;
  return text.slice(0, p.start) + p.replacement + text.slice(p.end);
}

/**
 * Every fix of the verdict applied, from the end backwards; of overlapping fixes the outermost
 * (then the first) is applied and the rest skipped. Nothing is applied to a text that changed
 * since the check (offsets would be stale).
 */
export function applyAll(text, checkedText, violations) {
  if (text !== checkedText) return { text, applied: 0 };
  const fixes = violations.map(proposeRewrite).filter(Boolean);
  fixes.sort((a, b) => a.start - b.start || b.end - a.end);
  const chosen = [];
  let end = -1;
  for (const f of fixes) {
    if (f.start < end) continue;
    chosen.push(f);
    end = Math.max(end, f.end);
  }
  let out = text;
  for (const f of chosen.reverse()) out = out.slice(0, f.start) + f.replacement + out.slice(f.end);
  return { text: out, applied: chosen.length };
}
