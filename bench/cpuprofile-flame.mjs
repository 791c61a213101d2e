#!/usr/bin/env node
/**
 * A flame graph (SVG) of a V8 .cpuprofile (node --cpu-prof): each box a
 * function on the stack, its width its share of the samples (children of the
 * same function merged), the root at the bottom. Hover for the name and share.
 *
 *     node bench/cpuprofile-flame.mjs FILE.cpuprofile OUT.svg [--focus NAME]
 *
 * --focus NAME: only the stacks through the first frame named NAME (e.g. review),
 * drawn from that frame up.
 */
import { readFileSync, writeFileSync } from "node:fs";

const args = process.argv.slice(2);
const fi = args.indexOf("--focus");
const focus = fi >= 0 ? args.splice(fi, 2)[1] : undefined;
const [file, out] = args;
if (!file || !out) {
  console.error("usage: cpuprofile-flame.mjs FILE.cpuprofile OUT.svg [--focus NAME]");
  process.exit(2);
}
const prof = JSON.parse(readFileSync(file, "utf8"));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const weight = new Map();
for (let i = 0; i < prof.samples.length; i++) weight.set(prof.samples[i], (weight.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0));

const label = (n) => {
  const f = n.callFrame;
  const url = f.url.replace(/^file:\/\/.*?\/(dist|node_modules)\//, "$1/");
  return `${f.functionName || "(anonymous)"}${url ? ` ${url}:${f.lineNumber + 1}` : ""}`;
};

// A merged tree: stacks (root first) of labels.
const root = { name: "all", value: 0, children: new Map() };
for (const [id, us] of weight) {
  const stack = [];
  for (let x = id; x !== undefined; x = parent.get(x)) stack.push(label(byId.get(x)));
  stack.reverse();
  let frames = stack.slice(1); // drop "(root)"
  if (focus) {
    const k = frames.findIndex((l) => l.split(" ")[0] === focus);
    if (k < 0) continue;
    frames = frames.slice(k);
  }
  if (frames.length && /^\((idle|program)\)$/.test(frames[0])) continue;
  let node = root;
  node.value += us;
  for (const f of frames) {
    let c = node.children.get(f);
    if (!c) node.children.set(f, (c = { name: f, value: 0, children: new Map() }));
    c.value += us;
    node = c;
  }
}

const W = 1600;
const H = 17;
let maxDepth = 0;
const boxes = [];
const walk = (n, x, depth) => {
  const w = (n.value / root.value) * W;
  if (w < 0.3) return;
  maxDepth = Math.max(maxDepth, depth);
  boxes.push({ n, x, w, depth });
  let cx = x;
  for (const c of [...n.children.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    walk(c, cx, depth + 1);
    cx += (c.value / root.value) * W;
  }
};
walk(root, 0, 0);
const height = (maxDepth + 1) * H + 30;
const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const colour = (name) => {
  let h = 0;
  for (const ch of name.split(" ")[0]) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  const ours = name.includes("dist/src/");
  return ours ? `hsl(${20 + (h % 40)}, 85%, ${55 + (h % 15)}%)` : `hsl(${200 + (h % 40)}, 45%, ${65 + (h % 15)}%)`;
};
const rects = boxes
  .map(({ n, x, w, depth }) => {
    const y = height - (depth + 1) * H - 10;
    const pct = ((100 * n.value) / root.value).toFixed(1);
    const chars = Math.floor((w - 4) / 6.2);
    const text = chars >= 3 ? (n.name.length > chars ? n.name.slice(0, chars - 1) + "…" : n.name) : "";
    return `<g><title>${esc(n.name)} (${pct}%)</title><rect x="${x.toFixed(1)}" y="${y}" width="${Math.max(0.3, w - 0.3).toFixed(1)}" height="${H - 1}" fill="${colour(n.name)}"/>${
      text ? `<text x="${(x + 2).toFixed(1)}" y="${y + 12}">${esc(text)}</text>` : ""
    }</g>`;
  })
  .join("\n");
writeFileSync(
  out,
  `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" font-family="monospace" font-size="10">
<rect width="100%" height="100%" fill="#fff"/>
<text x="4" y="12" font-size="12">${esc(file.split("/").pop())}${focus ? ` — stacks through ${esc(focus)}` : ""}: ${(root.value / 1e6).toFixed(2)} s sampled; orange: hegui (dist/src), blue: libraries and Node</text>
${rects}
</svg>
`,
);
console.log(`${out}: ${boxes.length} boxes, depth ${maxDepth}`);
