/** Start-up cost: a fresh process loading lexicons and jieba; RSS of an engine process after work. */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const probe = fileURLToPath(new URL("./startup-probe.js", import.meta.url));

export function benchStartup(runs = 3): { ms: number; rssMb: number; runs: number[] } {
  const times: number[] = [];
  let rss = 0;
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, [probe], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`startup probe failed: ${r.stderr}`);
    const m = JSON.parse(r.stdout.trim().split("\n").pop()!) as { ms: number; rssMb: number };
    times.push(m.ms);
    rss = Math.max(rss, m.rssMb);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], rssMb: rss, runs: times };
}
