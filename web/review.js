// The reviewer desk: sign in with a token, take the next task, confirm or reject each hit by keyboard.
import { CATEGORY_NAMES, SEVERITY_NAMES, categoryName, fieldName } from "./labels.js";

const TOKEN_KEY = "hegui-review-token";
const $ = (id) => document.getElementById(id);
let token = localStorage.getItem(TOKEN_KEY) ?? "";
let task = null;
let selected = 0;
let decided = 0;
let busy = false;
let role = "reviewer";

const ACTIONS = { created: "建单", claimed: "领取", released: "放回", reassigned: "转派", confirmed: "确认", rejected: "驳回", recategorized: "改类确认", noted: "备注", decided: "结案", ledger_applied: "计入账户", appealed: "申诉成立" };

async function loadAudit() {
  if (role === "reviewer") return;
  const { status, data } = await api("GET", "/v1/review-audit");
  if (status !== 200) return;
  const list = $("audit");
  list.replaceChildren();
  for (const a of (data.audit ?? []).slice(-50).reverse()) {
    list.append(el("li", "", `${new Date(a.at).toLocaleString("zh-CN")} · 任务 #${a.taskId} · ${a.actor} · ${ACTIONS[a.action] ?? a.action}${a.after?.reason ? ` · ${a.after.reason}` : ""}`));
  }
}

async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await res.json().catch(() => ({}));
  if (res.status === 401) {
    signOut("令牌无效或已失效，请重新登录");
    throw new Error(data.error ?? "unauthorized");
  }
  return { status: res.status, data };
}

function signOut(message = "") {
  token = "";
  localStorage.removeItem(TOKEN_KEY);
  $("desk").hidden = true;
  $("signin").hidden = false;
  $("signout").hidden = true;
  $("who").textContent = "未登录";
  $("signin-error").textContent = message;
  $("token").focus();
}

function filters() {
  return { channel: $("f-channel").value, category: $("f-category").value, account: $("f-account").value.trim(), minAge: $("f-age").value };
}

function itemText(item) {
  if (typeof item.text === "string") return [{ field: "text", text: item.text }];
  if (Array.isArray(item.fragments)) return item.fragments.map((f, i) => ({ field: `fragments.${i}`, text: f.text }));
  const l = item.listing ?? {};
  const out = [];
  if (l.title) out.push({ field: "listing.title", text: l.title });
  if (l.description) out.push({ field: "listing.description", text: l.description });
  return out;
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

async function loadQueue() {
  const f = filters();
  const q = new URLSearchParams({ status: "open", limit: "100" });
  for (const [k, v] of Object.entries(f)) if (v) q.set(k, v);
  const { data } = await api("GET", `/v1/review-tasks?${q}`);
  const list = $("queue");
  list.replaceChildren();
  for (const t of data.tasks ?? []) {
    const li = el("li", `cat-${t.violations[0]?.category ?? ""}`);
    const text = itemText(t.item).map((p) => p.text).join(" ");
    li.append(el("span", "q-text", text));
    li.append(el("span", "q-meta", `#${t.id} · ${t.live ? "直播间 · " : ""}${SEVERITY_NAMES[t.severity] ?? t.severity} · ${[...new Set(t.violations.map((v) => categoryName(v.category)))].join("、")}`));
    list.append(li);
  }
  $("queue-count").textContent = String(data.tasks?.length ?? 0);
}

function render() {
  $("empty").hidden = !!task;
  $("task").hidden = !task;
  if (!task) return;
  $("task-id").textContent = `#${task.id}`;
  $("task-meta").textContent = [task.channel === "caption" ? "直播口播" : task.channel === "listing" ? "商品" : "脚本", task.room ? `直播间 ${task.room}` : "", task.accountId ? `账号 ${task.accountId}` : "", new Date(task.createdAt).toLocaleString("zh-CN")].filter(Boolean).join(" · ");
  const box = $("task-text");
  box.replaceChildren();
  for (const part of itemText(task.item)) {
    if (part.field !== "text") box.append(el("span", "field", fieldName(part.field)));
    const vs = task.violations.map((v, i) => ({ ...v, i })).filter((v) => v.field === part.field && v.end <= part.text.length).sort((a, b) => a.start - b.start);
    let at = 0;
    const p = el("div");
    for (const v of vs) {
      if (v.start < at) continue;
      p.append(document.createTextNode(part.text.slice(at, v.start)));
      const m = el("mark", `cat-${v.newCategory ?? v.category}${v.i === selected ? " selected" : ""}`, part.text.slice(v.start, v.end));
      m.dataset.violation = v.id;
      p.append(m);
      at = v.end;
    }
    p.append(document.createTextNode(part.text.slice(at)));
    box.append(p);
  }
  const list = $("task-violations");
  list.replaceChildren();
  task.violations.forEach((v, i) => {
    const li = el("li", `cat-${v.newCategory ?? v.category}${i === selected ? " selected" : ""}`);
    li.dataset.decision = v.decision ?? "open";
    li.dataset.violation = v.id;
    li.append(el("span", "", `${categoryName(v.category)}「${v.matched}」 · ${SEVERITY_NAMES[v.severity] ?? v.severity}`));
    li.append(el("span", "v-state", v.decision === "confirmed" ? "已确认" : v.decision === "rejected" ? "已驳回" : "待判定"));
    const orig = task.verdict.violations.find((x) => x.id === v.id);
    const steps = (orig?.explain?.steps ?? []).map((s) => s.note).filter(Boolean).join("；");
    li.append(el("span", "v-evidence", `${v.ruleId} · ${orig?.rule ?? ""}${steps ? ` · ${steps}` : ""}`));
    li.addEventListener("click", () => {
      selected = i;
      render();
    });
    list.append(li);
  });
}

async function next() {
  if (busy) return;
  busy = true;
  try {
    if (task && task.status !== "done") await api("POST", `/v1/review-tasks/${task.id}/release`);
    const f = filters();
    const { status, data } = await api("POST", "/v1/review-tasks/next", { channel: f.channel || undefined, category: f.category || undefined, account: f.account || undefined, minAge: f.minAge ? Number(f.minAge) : undefined });
    task = status === 200 ? data.task : null;
    selected = 0;
    $("reason").value = "";
    render();
    await loadQueue();
    await loadAudit();
  } finally {
    busy = false;
  }
}

async function decide(verdict) {
  if (!task || busy) return;
  const open = task.violations.map((v, i) => ({ v, i })).filter(({ v }) => !v.decision);
  if (!open.length) return;
  const target = task.violations[selected] && !task.violations[selected].decision ? task.violations[selected] : open[0].v;
  busy = true;
  let data;
  try {
    const reason = $("reason").value.trim();
    ({ data } = await api("POST", `/v1/review-tasks/${task.id}/decide`, { violations: [{ id: target.id, verdict }], ...(reason ? { reason } : {}) }));
  } finally {
    busy = false;
  }
  if (data.error) {
    $("task-meta").textContent = data.error;
    return;
  }
  task = data;
  if (task.status === "done") {
    decided++;
    $("done-count").textContent = `本次已复核 ${decided} 条`;
    await next();
    // Said once the next task is shown (keys pressed while it loads are dropped, as `busy`).
    document.body.dataset.decided = String(decided);
    return;
  }
  const nextOpen = task.violations.findIndex((v) => !v.decision);
  selected = nextOpen >= 0 ? nextOpen : selected;
  render();
}

function move(d) {
  if (!task) return;
  selected = (selected + d + task.violations.length) % task.violations.length;
  render();
}

document.addEventListener("keydown", (e) => {
  if (!token || e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) {
    if (e.key === "Escape") e.target.blur();
    return;
  }
  const k = e.key.toLowerCase();
  if (k === "y") void decide("confirm");
  else if (k === "n") void decide("reject");
  else if (k === "s") void next();
  else if (k === "j" || e.key === "ArrowDown") move(1);
  else if (k === "k" || e.key === "ArrowUp") move(-1);
  else return;
  e.preventDefault();
});

async function signIn() {
  const { status, data } = await api("GET", "/v1/review-me");
  if (status !== 200) return;
  role = data.role;
  $("lead").hidden = role === "reviewer";
  $("reassign").hidden = role === "reviewer";
  $("who").textContent = `${data.name}（${{ reviewer: "复核员", lead: "组长", admin: "管理员" }[data.role] ?? data.role}）`;
  $("signin").hidden = true;
  $("desk").hidden = false;
  $("signout").hidden = false;
  document.body.dataset.user = data.name;
  await next();
}

$("signin").addEventListener("submit", (e) => {
  e.preventDefault();
  token = $("token").value.trim();
  if (!token) return;
  localStorage.setItem(TOKEN_KEY, token);
  $("token").value = "";
  void signIn().catch(() => {});
});
$("signout").addEventListener("click", () => signOut());
$("reassign").addEventListener("submit", async (e) => {
  e.preventDefault();
  const to = $("reassign-to").value.trim();
  if (!task || !to) return;
  const { status, data } = await api("POST", `/v1/review-tasks/${task.id}/reassign`, { to });
  if (status !== 200) {
    $("task-meta").textContent = data.error ?? "转派失败";
    return;
  }
  $("reassign-to").value = "";
  task = null;
  await next();
});
$("confirm").addEventListener("click", () => void decide("confirm"));
$("reject").addEventListener("click", () => void decide("reject"));
$("skip").addEventListener("click", () => void next());
for (const [id, name] of Object.entries(CATEGORY_NAMES)) {
  const o = el("option", "", name);
  o.value = id;
  $("f-category").append(o);
}
for (const id of ["f-channel", "f-category", "f-age"]) $(id).addEventListener("change", () => void loadQueue());
$("f-account").addEventListener("change", () => void loadQueue());

if (token) void signIn().catch(() => {});
else signOut();
