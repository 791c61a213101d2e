/** Prometheus text exposition format (version 0.0.4): counters, gauges and histograms. */
export type Labels = Record<string, string>;

export const CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

function escapeLabel(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

export function formatLabels(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length ? `{${parts.join(",")}}` : "";
}

function key(labels: Labels): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function num(n: number): string {
  if (n === Infinity) return "+Inf";
  if (n === -Infinity) return "-Inf";
  return Number.isNaN(n) ? "NaN" : String(n);
}

function header(name: string, help: string, type: string): string[] {
  return [`# HELP ${name} ${help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")}`, `# TYPE ${name} ${type}`];
}

/** A counter or gauge family with labels. */
export class Series {
  private values = new Map<string, { labels: Labels; value: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: "counter" | "gauge",
  ) {}

  inc(labels: Labels = {}, by = 1): void {
    const k = key(labels);
    const cur = this.values.get(k);
    if (cur) cur.value += by;
    else this.values.set(k, { labels, value: by });
  }

  set(labels: Labels, value: number): void {
    this.values.set(key(labels), { labels, value });
  }

  get(labels: Labels = {}): number {
    return this.values.get(key(labels))?.value ?? 0;
  }

  reset(): void {
    this.values.clear();
  }

  render(): string[] {
    const lines = header(this.name, this.help, this.type);
    for (const { labels, value } of this.values.values()) lines.push(`${this.name}${formatLabels(labels)} ${num(value)}`);
    return lines;
  }
}

/** A histogram family with fixed upper bounds (seconds). */
export class Histogram {
  private values = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: number[],
  ) {}

  observe(labels: Labels, value: number): void {
    const k = key(labels);
    let v = this.values.get(k);
    if (!v) {
      v = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.values.set(k, v);
    }
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]) v.counts[i]++;
    v.sum += value;
    v.count++;
  }

  count(labels: Labels): number {
    return this.values.get(key(labels))?.count ?? 0;
  }

  render(): string[] {
    const lines = header(this.name, this.help, "histogram");
    for (const { labels, counts, sum, count } of this.values.values()) {
      this.buckets.forEach((le, i) => lines.push(`${this.name}_bucket${formatLabels({ ...labels, le: num(le) })} ${counts[i]}`));
      lines.push(`${this.name}_bucket${formatLabels({ ...labels, le: "+Inf" })} ${count}`);
      lines.push(`${this.name}_sum${formatLabels(labels)} ${num(sum)}`);
      lines.push(`${this.name}_count${formatLabels(labels)} ${count}`);
    }
    return lines;
  }
}
