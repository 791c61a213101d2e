// The live-room monitor: verdicts of live rooms as they arrive (Server-Sent Events from the verdict stream).
import { DECISIONS, categoryName } from "./labels.js";

const TOKEN_KEY = "hegui-review-token";
const KEEP = 8;
const $ = (id) => document.getElementById(id);
let token = localStorage.getItem(TOKEN_KEY) ?? "";
let source = null;
const rooms = new Map();

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function status(state, text) {
  $("status").dataset.state = state;
  $("status-text").textContent = text;
}

function roomCard(name) {
  let r = rooms.get(name);
  if (r) return r;
  const card = el("section", "panel room");
  card.dataset.room = name;
  const h = el("h3");
  h.append(el("span", "", name === "-" ? "无直播间编号" : `直播间 ${name}`), el("span", "escalated"));
  const list = el("ol", "live-entries");
  card.append(h, list);
  $("rooms").prepend(card);
  $("no-rooms").hidden = true;
  r = { card, list, flag: h.lastChild };
  rooms.set(name, r);
  return r;
}

function entry(v) {
  const li = el("li", "live-entry");
  li.dataset.decision = v.decision;
  li.dataset.id = v.id;
  const pill = el("span", "pill", DECISIONS[v.decision]?.label ?? v.decision);
  pill.dataset.decision = v.decision;
  li.append(pill, el("span", "muted", v.seq !== null && v.seq !== undefined ? `#${v.seq} ` : ""));
  const mark = (x) => {
    const m = el("mark", `cat-${x.category}`, x.matched);
    m.title = `${categoryName(x.category)} · ${x.ruleId}${x.suggestion ? ` · 建议：${x.suggestion}` : ""}`;
    return m;
  };
  // The caption line with its hits highlighted in place; a hit not in the line (it spans the fragments before) after it.
  const rest = [...v.violations];
  if (typeof v.text === "string") {
    const line = el("span", "live-text");
    let text = v.text;
    for (;;) {
      let best;
      for (const x of rest) {
        const at = x.matched ? text.indexOf(x.matched) : -1;
        if (at >= 0 && (!best || at < best.at)) best = { x, at };
      }
      if (!best) break;
      line.append(text.slice(0, best.at), mark(best.x));
      text = text.slice(best.at + best.x.matched.length);
      rest.splice(rest.indexOf(best.x), 1);
    }
    line.append(text);
    li.append(line);
  }
  if (!v.violations.length) li.append(el("span", "muted", typeof v.text === "string" ? " 无违规" : "无违规"));
  if (typeof v.text === "string" && v.violations.length) li.append(el("span", "muted", ` ${[...new Set(v.violations.map((x) => categoryName(x.category)))].join("、")}`));
  for (const x of rest) li.append(mark(x), el("span", "muted", ` ${categoryName(x.category)}  `));
  return li;
}

function onVerdict(v) {
  const r = roomCard(v.room ?? "-");
  r.list.prepend(entry(v));
  while (r.list.children.length > KEEP) r.list.lastChild.remove();
  r.card.dataset.decision = v.decision;
  if (v.escalation || v.decision === "block") {
    r.flag.textContent = v.escalation ? "已升级" : "拦截";
    const li = el("li", "", `${new Date().toLocaleTimeString("zh-CN")} 直播间 ${v.room ?? "-"}：${DECISIONS[v.decision]?.label ?? v.decision} · ${v.violations.map((x) => `「${x.matched}」${categoryName(x.category)}`).join("、")}`);
    $("escalations").prepend(li);
  }
}

function connect() {
  source?.close();
  status("busy", "连接中");
  source = new EventSource(`/v1/review-live?token=${encodeURIComponent(token)}`);
  source.addEventListener("open", () => {
    status("ok", "实时");
    document.body.dataset.live = "open";
  });
  source.addEventListener("verdict", (e) => onVerdict(JSON.parse(e.data)));
  source.addEventListener("error", () => status("error", "重连中"));
}

async function signIn() {
  const res = await fetch("/v1/review-me", { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) {
    localStorage.removeItem(TOKEN_KEY);
    token = "";
    $("signin").hidden = false;
    return;
  }
  const me = await res.json();
  $("who").textContent = me.name;
  $("signin").hidden = true;
  $("live").hidden = false;
  connect();
}

$("signin").addEventListener("submit", (e) => {
  e.preventDefault();
  token = $("token").value.trim();
  if (!token) return;
  localStorage.setItem(TOKEN_KEY, token);
  void signIn();
});

if (token) void signIn();
else $("signin").hidden = false;
