/**
 * A live-room fragment whose verdict cannot be computed in the room (a deadline
 * under load, a rule's bug) must not block the room: it is handed to a scoring
 * job of its own, and the fragments after it are judged and recorded as usual.
 */
import { describe, expect, inject, it } from "vitest";
import { dropPrefix } from "../../src/queue/admin.js";
import { RoomPipeline } from "../../src/queue/room-pipeline.js";
import { ScoringPipeline } from "../../src/queue/scoring-pipeline.js";
import type { Item } from "../../src/types.js";
import { testPrefix } from "../support/prefix.js";
import { pipelineDeps, redisFor } from "./helpers.js";

describe("a room fragment whose verdict throws", () => {
  it("goes to a scoring job of its own and the room moves on", async () => {
    const redis = redisFor(inject("redisUrl"));
    const prefix = testPrefix("roomverdict");
    try {
      const handedToScoring: number[] = [];
      const logs: string[] = [];
      const deps = pipelineDeps(redis, prefix, {
        async score(_job, d) {
          handedToScoring.push(d.item.seq as number);
          return "queued";
        },
        sinkOnly: (d) => {
          if (d.item.seq === 2) throw new Error("verdict failed on fragment 2");
          return scoring.sinkOnly(d);
        },
        log: (l) => void logs.push(l),
      });
      const scoring = new ScoringPipeline(deps);
      const rooms = new RoomPipeline(deps);
      const job = (id: string) => ({ queue: "captions", id, timestamp: Date.now(), delay: async () => undefined }) as never;
      const item = (seq: number): Item => ({ id: `f${seq}`, channel: "caption", room: "r1", seq, text: "加微信私聊 全网最低价" }) as Item;
      const outcomes: string[] = [];
      for (const seq of [1, 2, 3, 4]) {
        try {
          outcomes.push(`${seq}: ${JSON.stringify(await rooms.run(item(seq), undefined, job(`j${seq}`)))}`);
        } catch (e) {
          outcomes.push(`${seq}: threw ${(e as Error).message}`);
        }
      }
      expect(outcomes.filter((o) => o.includes("threw")), outcomes.join("\n")).toEqual([]);
      expect(handedToScoring).toEqual([2]);
      expect(logs.some((l) => l.includes("fragment 2 of room r1 not scored in the room"))).toBe(true);
    } finally {
      await dropPrefix(redis, prefix);
      redis.disconnect();
    }
  });
});
