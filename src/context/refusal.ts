import { SEP_STRONG } from "../normalize/chars.js";
import { lowerBound, type CueHit } from "./context.js";
import { cancel, type RangeStep } from "./step.js";

/** Characters between a word and a disavowal of it (顶级[第一的话]我不会说). */
const DISAVOWAL_GAP = 6;

const byEnd = (c: CueHit) => c.end;

/**
 * A question answered by a refusal (能不能加微信？不能哈; 是不是复刻？不是的), or a
 * word disavowed right after it in its sentence (顶级第一的话我不会说).
 * Each looks at the cues ending in a range by index over the sorted lists: no
 * array or closure per hit (a dense text has thousands of hits and no cue).
 */
export const refusalStep: RangeStep = {
  name: "refusal",
  apply(hit: { start: number; end: number }, ctx) {
    const disavowals = ctx.cues("disavowal");
    for (let i = lowerBound(disavowals, hit.end + 1, byEnd); i < disavowals.length && disavowals[i].end <= hit.end + DISAVOWAL_GAP + 12; i++) {
      const d = disavowals[i];
      if (d.start >= hit.end && d.start - hit.end <= DISAVOWAL_GAP && !ctx.crosses(hit.end - 1, d.start, SEP_STRONG)) {
        return cancel("refusal", `disavowed: "${ctx.text.slice(d.start, d.end)}"`);
      }
    }
    const questions = ctx.cues("question");
    let q: CueHit | undefined;
    // A question before the word, or one whose A-not-A form ends on the word's first character
    // (能不能治…: the hit 能治 begins inside 能不能).
    for (let i = lowerBound(questions, hit.start - 8, byEnd); i < questions.length && questions[i].end <= hit.start + 1; i++) {
      if (questions[i].start >= hit.start) continue;
      if (!ctx.crosses(questions[i].end - 1, hit.start, SEP_STRONG)) {
        q = questions[i];
        break;
      }
    }
    if (!q) return undefined;
    const win = ctx.lex.cues.refusalWindow;
    const refusals = ctx.cues("refusal");
    for (let i = lowerBound(refusals, hit.end + 1, byEnd); i < refusals.length && refusals[i].end <= hit.end + win + 8; i++) {
      const r = refusals[i];
      if (r.start >= hit.end && r.start - hit.end <= win) {
        return cancel("refusal", `question "${ctx.text.slice(q.start, q.end)}" answered "${ctx.text.slice(r.start, r.end)}"`);
      }
    }
    return undefined;
  },
};
