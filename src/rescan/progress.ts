/**
 * Progress on stderr: listings done (of about how many), rate, listings with
 * violations so far, ETA. On a terminal one line redrawn in place; otherwise
 * a line every `intervalMs` (default 10 s; HEGUI_PROGRESS_MS).
 */

export interface ProgressSink {
  /** Raw text to stderr (no newline added). */
  write(text: string): void;
  tty: boolean;
}

export interface ProgressState {
  done: number;
  violations: number;
  errors: number;
  /** Estimated total records (from the input's line count). */
  total?: number;
  note?: string;
}

const num = (n: number) => n.toLocaleString("en-US");

export function formatDuration(sec: number): string {
  if (!Number.isFinite(sec) || sec < 0) return "?";
  const s = Math.round(sec);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h ? `${h}h${String(m).padStart(2, "0")}m` : m ? `${m}m${String(r).padStart(2, "0")}s` : `${r}s`;
}

export class Progress {
  private started = Date.now();
  private lastDraw = 0;
  private samples: Array<[number, number]> = [];
  private drawnTTY = false;

  constructor(
    private sink: ProgressSink,
    /** Records already in the output when this session started (a resumed run). */
    private base: number,
    private intervalMs = Number(process.env.HEGUI_PROGRESS_MS) || 10_000,
  ) {}

  /** Listings per second over the last ~10 s (the whole session at first). */
  rate(done: number): number {
    const now = Date.now();
    this.samples.push([now, done]);
    while (this.samples.length > 2 && now - this.samples[0][0] > 10_000) this.samples.shift();
    const [t0, d0] = this.samples[0];
    const dt = (now - t0) / 1000;
    if (dt >= 1) return (done - d0) / dt;
    const all = (now - this.started) / 1000;
    return all > 0 ? (done - this.base) / all : 0;
  }

  line(s: ProgressState): string {
    const rate = this.rate(s.done);
    const total = s.total && s.total >= s.done ? s.total : undefined;
    const pct = total ? ` (${((100 * s.done) / total).toFixed(1)}%)` : "";
    const eta = total && rate > 0 ? `, ETA ${formatDuration((total - s.done) / rate)}` : "";
    const errs = s.errors ? `, ${num(s.errors)} errors` : "";
    return `rescan: ${num(s.done)}${total ? `/${num(total)}` : ""} listings${pct}, ${num(Math.round(rate))}/s, ${num(s.violations)} with violations${errs}${eta}${s.note ? ` — ${s.note}` : ""}`;
  }

  update(s: ProgressState, force = false): void {
    const now = Date.now();
    const every = this.sink.tty ? 200 : this.intervalMs;
    if (!force && now - this.lastDraw < every) return;
    this.lastDraw = now;
    const l = this.line(s);
    if (this.sink.tty) {
      this.sink.write(`\r${l}\x1b[K`);
      this.drawnTTY = true;
    } else this.sink.write(l + "\n");
  }

  /** End the redrawn line (before other output). */
  finish(): void {
    if (this.drawnTTY) this.sink.write("\n");
    this.drawnTTY = false;
  }
}
