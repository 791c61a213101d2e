/**
 * The one-round-trip record of a live-room fragment (RoomStore.fastCommit): a process that judged a
 * room's last fragment judges the next one from the state it recorded and writes it in one script, which
 * checks by the state's version stamp (stored at the start of the state) that the room is still as that
 * process left it. Two pipelines
 * stand for two worker processes on one room.
 */
import { describe, expect, inject, it } from "vitest";
import { dropPrefix } from "../../src/queue/admin.js";
import { readStream } from "../../src/queue/verdict-stream.js";
import { parseState } from "../../src/queue/room-judge.js";
import { RoomPipeline } from "../../src/queue/room-pipeline.js";
import type { RoomStore } from "../../src/queue/room-store.js";
import { ScoringPipeline } from "../../src/queue/scoring-pipeline.js";
import type { Item } from "../../src/types.js";
import { testPrefix } from "../support/prefix.js";
import { pipelineDeps, redisFor } from "./helpers.js";

describe("the fast record of a room fragment", () => {
  it("is taken for the fragment after this process's last one, refused once the room's state was written by another, and each fragment has one verdict", async () => {
    const redis = redisFor(inject("redisUrl"));
    const prefix = testPrefix("roomfast");
    try {
      const calls: string[] = [];
      const pipeline = () => {
        const deps = pipelineDeps(redis, prefix, { score: async () => "inline" });
        const scoring = new ScoringPipeline(deps);
        deps.sinkOnly = (d) => scoring.sinkOnly(d);
        const base = deps.rooms;
        const spy = Object.create(base) as RoomStore;
        spy.fastCommit = async (...a: Parameters<RoomStore["fastCommit"]>) => {
          const r = await base.fastCommit(...a);
          calls.push(`fast:${r.kind === "nofast" ? "refused" : "taken"}`);
          return r;
        };
        spy.step = async (...a: Parameters<RoomStore["step"]>) => {
          calls.push("step");
          return base.step(...a);
        };
        deps.rooms = spy;
        return new RoomPipeline(deps);
      };
      const a = pipeline();
      const b = pipeline();
      let n = 0;
      const job = () => ({ queue: "captions", id: `j${++n}`, timestamp: Date.now(), delay: async () => undefined }) as never;
      const item = (id: string, seq: number, text: string): Item => ({ id, channel: "caption", room: "r1", seq, text }) as Item;

      await a.run(item("f1", 1, "家人们晚上好"), undefined, job());
      expect(calls.splice(0)).toEqual(["step"]);
      // A judged 1: it judges 2 from its own record, in one round trip.
      await a.run(item("f2", 2, "这款是全网最"), undefined, job());
      expect(calls.splice(0)).toEqual(["fast:taken"]);
      // B writes the room's state (a late fragment: the next seq stays 3) — A's record is no longer the room's.
      await b.run(item("f1b", 1, "低价了 错过没有"), undefined, job());
      expect(calls.splice(0)).toEqual(["step"]);
      await a.run(item("f3", 3, "低价了 错过没有"), undefined, job());
      expect(calls.splice(0)).toEqual(["fast:refused", "step"]);
      // A judged 3 the ordinary way and recorded it: 4 takes the fast record again.
      await a.run(item("f4", 4, "喜欢的宝宝拍"), undefined, job());
      expect(calls.splice(0)).toEqual(["fast:taken"]);

      const ids: string[] = [];
      for await (const e of readStream(redis, `${prefix}:verdicts`)) ids.push(`${e.type}:${e.id}`);
      expect(ids).toEqual(["verdict:f1", "verdict:f2", "verdict:f1b", "verdict:f3", "verdict:f4"]);
      // The stored state starts with the stamp of its write; readers of the state (parseState) ignore it.
      const room = await redis.hgetall(`${prefix}:room:r1`);
      expect(room.next).toBe("5");
      expect(room.state).toMatch(/^\{"v":"[0-9a-f]{12}\.\d+","tail":/);
      expect(parseState(room.state).tail.map((t) => t.id)).toContain("f4");
    } finally {
      await dropPrefix(redis, prefix);
      redis.disconnect();
    }
  });
});
