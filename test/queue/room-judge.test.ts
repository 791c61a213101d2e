/** Judging room fragments with state (pure: src/queue/room-judge.ts). */
import { describe, expect, it } from "vitest";
import { loadQueueConfig } from "../../src/queue/config.js";
import { judgeFragment, trimTail, type PendingFragment, type RoomState } from "../../src/queue/room-judge.js";
import { shippedEngine } from "../support/engine.js";

const cfg = loadQueueConfig();
const T0 = 1_700_000_000_000;

function frag(seq: number, text: string, ts = T0 + seq * 1000): PendingFragment {
  return { queue: "captions", jobId: String(seq), item: { id: `f${seq}`, channel: "caption", room: "r", seq, ts, text }, t: ts };
}

/** Judge fragments in order, each with the state the previous one left; `reported` is what its verdict reports. */
function run(texts: string[]) {
  let state: RoomState = { tail: [], reported: [], hits: [] };
  return texts.map((text, i) => {
    const f = frag(i + 1, text);
    const j = judgeFragment(shippedEngine(), f, state, i === 0 ? "start" : "next", cfg);
    state = j.state;
    return { ...j, reported: shippedEngine().verdict(f.item, j.candidates, j.lexiconVersion).violations };
  });
}

describe("trimTail", () => {
  const room = { ...cfg.room, tailChars: 5, tailSeconds: 10 };
  it("keeps the last N characters, cutting the oldest fragment and remembering where", () => {
    const t = trimTail(
      [
        { seq: 1, id: "a", text: "0123", cut: 0, ts: T0 },
        { seq: 2, id: "b", text: "abcd", cut: 0, ts: T0 },
      ],
      T0,
      room,
    );
    expect(t).toEqual([
      { seq: 1, id: "a", text: "3", cut: 3, ts: T0 },
      { seq: 2, id: "b", text: "abcd", cut: 0, ts: T0 },
    ]);
  });
  it("drops fragments older than T seconds", () => {
    const t = trimTail([{ seq: 1, id: "a", text: "ab", cut: 0, ts: T0 }], T0 + 11_000, room);
    expect(t).toEqual([]);
  });
});

describe("judgeFragment", () => {
  it("catches a term split across fragments and names both fragments with their own offsets", () => {
    const [first, second] = run(["今天这个月季苗 包", "成活的 放心拍"]);
    expect(first.reported.filter((c) => c.ruleId === "absolute.bao-chenghuo")).toEqual([]);
    const hit = second.reported.find((c) => c.ruleId === "absolute.bao-chenghuo")!;
    expect(hit).toBeDefined();
    expect(hit.spans).toEqual([
      { field: "text", seq: 1, fragment: "f1", start: 8, end: 9 },
      { field: "text", seq: 2, fragment: "f2", start: 0, end: 2 },
    ]);
    // The verdict's own field/start/end index this fragment's text.
    expect({ field: hit.field, start: hit.start, end: hit.end }).toEqual({ field: "text", start: 0, end: 2 });
    expect(second.room.fragments).toEqual([
      { seq: 1, id: "f1" },
      { seq: 2, id: "f2" },
    ]);
  });

  it("does not report again what an earlier fragment reported", () => {
    const judged = run(["家人们加微", "信 好的", "我们下一个"]);
    const found = judged.map((j) => j.reported.filter((c) => c.category === "private_trade" && c.spans.length > 1).length);
    expect(found).toEqual([0, 1, 0]);
  });

  it("suppresses a violation overlapping one already reported in the room (same rule)", () => {
    const [, second] = run(["家人们加微", "信 好的"]);
    const again = judgeFragment(shippedEngine(), frag(3, "信 好的"), { ...second.state, tail: [second.state.tail[0]] }, "next", cfg);
    // Same text as fragment 2 after fragment 1 again, but the room has reported that place already.
    expect(again.candidates.filter((c) => c.category === "private_trade" && c.spans.length > 1)).toEqual([]);
  });

  it("judges a late fragment alone and leaves the tail as it was", () => {
    const [, second] = run(["今天这个月季苗 包", "成活的 放心拍"]);
    const late = judgeFragment(shippedEngine(), frag(1, "成活的 放心拍"), second.state, "late", cfg);
    expect(late.room.fragments).toEqual([{ seq: 1, id: "f1" }]);
    expect(late.state.tail).toEqual(second.state.tail);
    expect(late.candidates.find((c) => c.ruleId === "absolute.bao-chenghuo")).toBeUndefined();
  });

  it("counts reported violations in the escalation window", () => {
    const judged = run(["全网最低价", "国家级认证", "今天天气不错"]);
    const counts = judged.map((j) => j.room.recentViolations);
    expect(counts[1]).toBeGreaterThan(counts[0]);
    expect(counts[2]).toBe(counts[1]);
    const later = judgeFragment(shippedEngine(), frag(4, "好的", T0 + shippedEngine().policy.escalation.windowMinutes * 60_000 + 10_000), judged[2].state, "next", cfg);
    expect(later.room.recentViolations).toBe(0);
  });
});
