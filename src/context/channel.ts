import { cancel, type Step } from "./step.js";

/** Entries restricted to some channels are not judged on others. */
export const channelStep: Step = {
  name: "channel",
  apply(hit, ctx) {
    const ch = hit.entry.channels;
    if (ch && !ch.includes(ctx.doc.item.channel)) return cancel("channel", `entry applies to ${ch.join("/")} only`);
    return undefined;
  },
};
