import { cancel, type Step } from "./step.js";

/** Per-entry exceptions: an ordinary phrase overlapping the hit cancels it (最近, 第一次, 原单退回). */
export const exceptionStep: Step = {
  name: "exception",
  apply(hit, ctx) {
    const text = ctx.text;
    for (const x of hit.entry.exceptions) {
      let from = Math.max(0, hit.start - x.length + 1);
      for (;;) {
        const at = text.indexOf(x, from);
        if (at < 0 || at >= hit.end) break;
        if (at + x.length > hit.start) return cancel("exception", `ordinary phrase "${x}"`);
        from = at + 1;
      }
    }
    return undefined;
  },
};
