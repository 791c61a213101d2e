/** Child process of the start-up benchmark: time to a ready engine. */
const t0 = performance.now();
const { createEngine } = await import("../src/engine.js");
const engine = createEngine({ explain: false });
engine.review({ id: "warm", channel: "caption", text: "家人们这个包成活" });
const ms = performance.now() - t0;
console.log(JSON.stringify({ ms: Math.round(ms), rssMb: Math.round(process.memoryUsage().rss / 2 ** 20) }));
