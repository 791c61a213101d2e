/**
 * Judging one caption fragment of a live room with the room's state: the
 * tail of the fragments before it (last `tailChars` characters, at most
 * `tailSeconds` old) is put in front of it as `fragments`, so a term split
 * across captions is caught the way `hegui scan` catches it in a multi-
 * fragment item. Reported are the violations that reach into this fragment
 * and were not reported before in the room (same rule, overlapping place);
 * every place is given back in the coordinates of the fragment it is in.
 *
 * Pure: state in, candidates and new state out (src/queue/room-store.ts
 * keeps the state in Redis).
 */
import type { Engine } from "../engine.js";
import { postprocess, postSteps } from "../score/postprocess.js";
import type { Candidate, Item, Span } from "../types.js";
import type { QueueConfig } from "./config.js";
import type { Reply, RoomInfo } from "./job-data.js";

/** A fragment waiting in a room's pending set (the zset member, as JSON). */
export interface PendingFragment {
  queue: string;
  jobId: string;
  /** The validated caption item: {id, channel: "caption", room, seq, ts?, text, …}. */
  item: Item;
  reply?: Reply;
  /** The job's creation time (ms): the fragment's time when it has no `ts`. */
  t: number;
}

/** The end of the room's text kept as context for the next fragment. */
export interface TailFragment {
  seq: number;
  id: string;
  /** The fragment's text from `cut` on. */
  text: string;
  cut: number;
  ts: number;
}

/** A reported violation's place in room coordinates ([seq, offset] pairs, end exclusive). */
export interface ReportedPlace {
  rule: string;
  s: [number, number];
  e: [number, number];
}

export interface RoomState {
  tail: TailFragment[];
  reported: ReportedPlace[];
  /** Times (ms) of the last violations reported in the escalation window (at most escalation.violations). */
  hits: number[];
}

export type RoomOrder = RoomInfo["order"];

/** A span in a room verdict: which fragment (seq, item id) and where in its text. */
export interface RoomSpan extends Span {
  seq: number;
  fragment: string;
}

export function parseState(raw: string | undefined | null): RoomState {
  if (!raw) return { tail: [], reported: [], hits: [] };
  const s = JSON.parse(raw) as Partial<RoomState>;
  return { tail: s.tail ?? [], reported: s.reported ?? [], hits: s.hits ?? [] };
}

/**
 * The state as stored in the room's hash: JSON with the version stamp of this write first
 * (`{"v":"<stamp>","tail":…}`; parseState ignores it). A process that wrote a state knows it is still the
 * room's when the stored state starts with stampPrefix(stamp) — one comparison in Redis instead of sending
 * the whole state back (src/queue/room-store.ts, the fast record). A stamp is unique to one write.
 */
export function stateJson(state: RoomState, stamp: string): string {
  return JSON.stringify({ v: stamp, tail: state.tail, reported: state.reported, hits: state.hits });
}

/** The start of a state stored by stateJson with `stamp`. */
export function stampPrefix(stamp: string): string {
  return `{"v":${JSON.stringify(stamp)},`;
}

/** The fragment's time in ms: its `ts` when given, else when its job was created. */
export function fragmentTime(f: PendingFragment): number {
  return typeof f.item.ts === "number" && Number.isFinite(f.item.ts) ? f.item.ts : f.t;
}

const before = (a: [number, number], b: [number, number]) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

function overlaps(a: ReportedPlace, b: ReportedPlace): boolean {
  return a.rule === b.rule && before(a.s, b.e) && before(b.s, a.e);
}

/** Trim a tail to `chars` characters and `seconds` before `now`. */
export function trimTail(tail: TailFragment[], now: number, cfg: QueueConfig["room"]): TailFragment[] {
  const fresh = tail.filter((t) => t.ts >= now - cfg.tailSeconds * 1000);
  const out: TailFragment[] = [];
  let budget = cfg.tailChars;
  for (let i = fresh.length - 1; i >= 0 && budget > 0; i--) {
    const t = fresh[i];
    if (t.text.length <= budget) {
      out.unshift(t);
      budget -= t.text.length;
    } else {
      const drop = t.text.length - budget;
      out.unshift({ ...t, text: t.text.slice(drop), cut: t.cut + drop });
      budget = 0;
    }
  }
  return out;
}

export interface Judged {
  candidates: Candidate[];
  room: RoomInfo;
  state: RoomState;
  lexiconVersion: string;
}

/**
 * Judge fragment `f` of a room whose state is `state`. `order` says how it
 * follows the last judged fragment: only "next" takes the tail as context.
 */
export function judgeFragment(engine: Engine, f: PendingFragment, state: RoomState, order: RoomOrder, cfg: QueueConfig): Judged {
  const seq = f.item.seq as number;
  const room = String(f.item.room);
  const now = fragmentTime(f);
  const tail = order === "next" ? trimTail(state.tail, now, cfg.room) : [];
  const lexiconVersion = engine.lexiconVersion;

  let found: Candidate[];
  let refs: Array<{ seq: number; id: string; cut: number }>;
  if (tail.length === 0) {
    found = engine.analyze(f.item).candidates;
    refs = [{ seq, id: f.item.id, cut: 0 }];
  } else {
    const joined: Item = { ...f.item, fragments: [...tail.map((t) => ({ seq: t.seq, text: t.text })), { seq, text: f.item.text ?? "" }] };
    delete joined.text;
    found = engine.analyze(joined).candidates;
    refs = [...tail.map((t) => ({ seq: t.seq, id: t.id, cut: t.cut })), { seq, id: f.item.id, cut: 0 }];
  }
  const last = refs.length - 1;
  const fieldIndex = (field: string): number | undefined => {
    if (tail.length === 0) return field === "text" ? 0 : undefined;
    const m = /^fragments\[(\d+)\]\.text$/.exec(field);
    return m ? Number(m[1]) : undefined;
  };

  // Raw candidates that reach into this fragment, in its coordinates, less those already reported in the room.
  const reported = order === "next" ? state.reported : [];
  const kept: Array<{ c: Candidate; place?: ReportedPlace }> = [];
  let suppressed = 0;
  for (const c of found) {
    const idx = c.spans.map((s) => fieldIndex(s.field));
    const inFragments = idx.filter((i): i is number => i !== undefined);
    // Wholly in earlier fragments: judged when those were.
    if (inFragments.length > 0 && !inFragments.includes(last)) continue;
    if (inFragments.length === 0) {
      kept.push({ c });
      continue;
    }
    const spans: Array<Span | RoomSpan> = c.spans.map((s, k) => {
      const i = idx[k];
      if (i === undefined) return s;
      const r = refs[i];
      return { field: "text", seq: r.seq, fragment: r.id, start: s.start + r.cut, end: s.end + r.cut } satisfies RoomSpan;
    });
    const roomSpans = spans.filter((s): s is RoomSpan => typeof (s as RoomSpan).seq === "number");
    const own = roomSpans.find((s) => s.seq === seq && s.fragment === f.item.id)!;
    const place: ReportedPlace = {
      rule: c.ruleId,
      s: [roomSpans[0].seq, roomSpans[0].start],
      e: [roomSpans[roomSpans.length - 1].seq, roomSpans[roomSpans.length - 1].end],
    };
    if (reported.some((p) => overlaps(p, place))) {
      suppressed++;
      continue;
    }
    kept.push({ c: { ...c, spans, field: "text", start: own.start, end: own.end }, place });
  }
  const candidates = kept.map((k) => k.c);

  // What will be reported from them: the candidates that pass post-processing (threshold, dedupe, merge —
  // before the scoring stage's classifier blend, to keep this cheap). Those count for escalation and are
  // remembered, so an overlapping hit of the same rule in a later fragment is not reported again.
  const shown = postprocess(candidates, postSteps(engine.policy.minConfidence));
  const fresh = kept
    .filter((k) => k.place && shown.some((v) => v.ruleId === k.c.ruleId && v.field === k.c.field && v.start < k.c.end && k.c.start < v.end))
    .map((k) => k.place!);

  const escalation = engine.policy.escalation;
  const windowMs = escalation.windowMinutes * 60_000;
  // The last N times are enough to tell whether N fell within the window.
  const hits = [...state.hits.filter((t) => t > now - windowMs), ...shown.map(() => now)].slice(-escalation.violations);
  const nextTail =
    order === "late"
      ? state.tail
      : trimTail([...tail, { seq, id: f.item.id, text: f.item.text ?? "", cut: 0, ts: now }], now, cfg.room);
  const oldest = nextTail[0]?.seq ?? seq;
  const nextReported = order === "late" ? state.reported : [...reported, ...fresh].filter((p) => p.e[0] >= oldest);
  return {
    candidates,
    lexiconVersion,
    room: {
      room,
      seq,
      order,
      fragments: refs.map((r) => ({ seq: r.seq, id: r.id })),
      recentViolations: hits.length,
      suppressed,
    },
    state: { tail: nextTail, reported: nextReported, hits },
  };
}
