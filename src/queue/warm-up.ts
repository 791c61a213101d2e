/**
 * A worker's warm-up before it takes jobs. The first items a process judges
 * are slow: V8 compiles the engine's code as it runs (the first few hundred
 * captions cost several times the later ones), and some tables are built on
 * first use (the first caption with a hit to decode takes 100–500 ms). A live
 * room would feel that as seconds of late verdicts after every start or
 * deploy of a worker; the warm-up pays it before the worker reports ready.
 *
 * It runs the jobs' engine code — a live-room fragment judged with the tail
 * of the one before (src/queue/room-judge.ts) and scored, a script and a
 * listing analyzed and scored — over the lexicon's own examples (every
 * entry's hit and miss sentences: the engine's rules and decoders all get
 * their turn), until `budgetMs` has passed or every example has been used.
 * Nothing is written anywhere. HEGUI_WARM_UP_MS sets the budget (0: none).
 */
import type { Engine } from "../engine.js";
import { exampleText } from "../lexicon/schema.js";
import { escalate } from "../score/decide.js";
import type { Item } from "../types.js";
import type { QueueConfig } from "./config.js";
import { judgeFragment, type PendingFragment, type RoomState } from "./room-judge.js";

/** Default warm-up budget (ms of wall time). */
export const DEFAULT_WARM_UP_MS = 1500;

export function warmUpBudgetMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.HEGUI_WARM_UP_MS;
  if (raw === undefined || raw === "") return DEFAULT_WARM_UP_MS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`HEGUI_WARM_UP_MS must be a whole number of milliseconds (0: no warm-up), not ${raw}`);
  return n;
}

/** The lexicon's example sentences, entry by entry (hits first), without repeats. */
function exampleTexts(engine: Engine): string[] {
  const seen = new Set<string>();
  for (const e of engine.lexicon.entries) {
    for (const h of e.examples.hit) seen.add(exampleText(h).replace(/^listing:/, ""));
    for (const m of e.examples.miss) seen.add(m.replace(/^listing:/, ""));
  }
  return [...seen];
}

export interface WarmUpResult {
  items: number;
  ms: number;
}

/**
 * Judge example items for up to `budgetMs` (checked between items), yielding to
 * the event loop every few milliseconds so that timers and I/O keep running.
 */
export async function warmUp(engine: Engine, config: QueueConfig, budgetMs: number): Promise<WarmUpResult> {
  const t0 = performance.now();
  if (budgetMs <= 0) return { items: 0, ms: 0 };
  const texts = exampleTexts(engine);
  const version = engine.lexiconVersion;
  let state: RoomState = { tail: [], reported: [], hits: [] };
  let items = 0;
  let fragments = 0;
  let lastYield = t0;
  const room = "hegui-warm-up";
  for (let i = 0; i < texts.length; i++) {
    const now = performance.now();
    if (now - t0 >= budgetMs) break;
    if (now - lastYield >= 20) {
      await new Promise((r) => setImmediate(r));
      lastYield = performance.now();
    }
    const text = texts[i];
    try {
      switch (i % 4) {
        case 3: {
          const item: Item = { id: `${room}-s${i}`, channel: "script", text };
          engine.verdict(item, engine.analyze(item).candidates, version);
          break;
        }
        case 2: {
          const next = texts[(i + 1) % texts.length];
          const item: Item = { id: `${room}-l${i}`, channel: "listing", listing: { title: text.slice(0, 60), description: `${text}。${next}`, sellingPoints: [next.slice(0, 20)] } };
          engine.verdict(item, engine.analyze(item).candidates, version);
          break;
        }
        default: {
          // A fragment of a live room, joined to the tail of the ones before it.
          const seq = ++fragments;
          const item: Item = { id: `${room}-c${i}`, channel: "caption", room, seq, ts: Date.now(), text };
          const f: PendingFragment = { queue: "captions", jobId: item.id, item, t: Date.now() };
          const judged = judgeFragment(engine, f, state, seq === 1 ? "start" : "next", config);
          const v = engine.verdict(item, judged.candidates, version);
          escalate(v, judged.room.recentViolations, engine.policy);
          JSON.stringify(judged.state);
          state = judged.state;
        }
      }
    } catch {
      // An example the engine cannot judge leaves that work to the first item.
    }
    items++;
  }
  return { items, ms: Math.round(performance.now() - t0) };
}
