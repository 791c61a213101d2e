/**
 * A live-room fragment whose verdict cannot be computed in the room (a deadline
 * under load, a rule's bug) must not block the room: it is handed to a scoring
 * job of its own, and the fragments after it are judged and recorded as usual.
 */
import { describe, expect, inject, it } from "vitest";
import { dropPrefix } from "../../src/queue/admin.js";
import { loadQueueConfig } from "../../src/queue/config.js";
import { CpuGate } from "../../src/queue/cpu-gate.js";
import type { PipelineDeps } from "../../src/queue/deps.js";
import { Keys } from "../../src/queue/names.js";
import { RoomPipeline } from "../../src/queue/room-pipeline.js";
import { RoomStore } from "../../src/queue/room-store.js";
import { ScoringPipeline } from "../../src/queue/scoring-pipeline.js";
import { VerdictSink } from "../../src/queue/verdict-sink.js";
import type { Item } from "../../src/types.js";
import { fixtureEngine } from "../support/engine.js";
import { testPrefix } from "../support/prefix.js";
import { redisFor } from "./helpers.js";

describe("a room fragment whose verdict throws", () => {
  it("goes to a scoring job of its own and the room moves on", async () => {
    const redis = redisFor(inject("redisUrl"));
    const prefix = testPrefix("roomverdict");
    try {
      const config = loadQueueConfig();
      const keys = new Keys(prefix);
      const handedToScoring: number[] = [];
      const logs: string[] = [];
      const deps: PipelineDeps = {
        engine: fixtureEngine(),
        redis,
        keys,
        config,
        sink: new VerdictSink(redis, keys, config),
        rooms: new RoomStore(redis, keys, config.room),
        async score(_job, d) {
          handedToScoring.push(d.item.seq as number);
          return "queued";
        },
        sinkOnly: (d) => {
          if (d.item.seq === 2) throw new Error("verdict failed on fragment 2");
          return scoring.sinkOnly(d);
        },
        log: (l) => void logs.push(l),
        cpu: new CpuGate(),
      };
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
