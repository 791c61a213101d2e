// hegui review page: type or paste a script, see every violation in place, apply suggestions.
import { segments, primary, stillInPlace, textSpans } from "./highlight.js";
import { categoryName, fieldName, DECISIONS, SEVERITY_NAMES } from "./labels.js";
import { applyAll, applyRewrite, proposeRewrite } from "./rewrite.js";

const DEBOUNCE_MS = 300;
const SAMPLE = `【开场】家人们晚上好！今天给大家带来这款阳台月季花苗，包成活，全网最低价，错过今天就没有了。
【卖点】花苞多、花期长，放在阳台上就能开花，浇水也很省心。
【引导】想要更多优惠的加微信私聊，另外我们还有大牌高仿包包，跟专柜一模一样。`;

const $ = (id) => document.getElementById(id);
const ta = $("script");
const layer = $("highlights");
const tip = $("tip");

const state = {
  verdict: null, // last verdict
  checkedText: "", // the text it was computed for
  seq: 0,
  controller: null,
  timer: 0,
  active: -1, // violation index shown in the pinned tip / active card
  pinned: false,
  hideTimer: 0,
};

// ---------- requests ----------

function token() {
  return localStorage.getItem("hegui.token") ?? "";
}

async function api(path, body, signal) {
  const headers = { "content-type": "application/json" };
  if (token()) headers.authorization = `Bearer ${token()}`;
  const res = await fetch(path, {
    method: body === undefined ? "GET" : "POST",
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  if (res.status === 401) {
    $("token-bar").hidden = false;
    throw new Error("需要访问令牌：请在上方填写");
  }
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error ?? `HTTP ${res.status}`);
  return { data, ms: Number(/dur=([\d.]+)/.exec(res.headers.get("server-timing") ?? "")?.[1]) };
}

function channel() {
  return document.querySelector('input[name="channel"]:checked').value;
}

function attributes() {
  const out = {};
  for (const row of document.querySelectorAll(".attr-row")) {
    const [k, v] = row.querySelectorAll("input");
    if (k.value.trim() && v.value.trim()) out[k.value.trim()] = v.value.trim();
  }
  return out;
}

function requestBody(text) {
  const body = { id: "page", channel: channel(), text };
  const attrs = attributes();
  if (body.channel === "listing" || Object.keys(attrs).length) body.listing = { attributes: attrs };
  return body;
}

function schedule() {
  clearTimeout(state.timer);
  state.timer = setTimeout(check, DEBOUNCE_MS);
}

async function check() {
  clearTimeout(state.timer);
  const text = ta.value;
  const seq = ++state.seq;
  state.controller?.abort();
  if (!text.trim()) {
    state.verdict = null;
    state.checkedText = text;
    setStatus("idle", "就绪");
    render();
    return;
  }
  state.controller = new AbortController();
  setStatus("busy", "检查中…");
  const t0 = performance.now();
  try {
    const { data, ms } = await api("/v1/review", requestBody(text), state.controller.signal);
    if (seq !== state.seq) return;
    state.verdict = data;
    state.checkedText = text;
    $("error").hidden = true;
    const took = Number.isFinite(ms) ? `引擎 ${ms.toFixed(1)} ms` : `${Math.round(performance.now() - t0)} ms`;
    setStatus("ok", `已检查 · ${took}`);
    render();
  } catch (e) {
    if (e.name === "AbortError" || seq !== state.seq) return;
    setStatus("error", "检查失败");
    $("error").textContent = `检查失败：${e.message}`;
    $("error").hidden = false;
  }
}

function setStatus(s, text) {
  $("status").dataset.state = s;
  $("status-text").textContent = text;
}

// ---------- rendering ----------

/** Violations that still sit where they were found (the text may have changed since the check). */
function liveViolations() {
  const v = state.verdict;
  if (!v) return [];
  const text = ta.value;
  return text === state.checkedText ? v.violations : v.violations.filter((x) => stillInPlace(text, x));
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function autosize() {
  ta.style.height = "auto";
  ta.style.height = `${ta.scrollHeight + 2}px`;
}

function renderHighlights() {
  const text = ta.value;
  const vs = liveViolations();
  const all = state.verdict?.violations ?? [];
  layer.replaceChildren();
  for (const seg of segments(text, vs)) {
    const piece = text.slice(seg.start, seg.end);
    if (!seg.ids.length) {
      layer.append(document.createTextNode(piece));
      continue;
    }
    const top = primary(vs, seg.ids);
    const mark = el("mark", `hl cat-${top.category}`, piece);
    mark.dataset.category = top.category;
    mark.dataset.index = String(all.indexOf(top));
    mark.dataset.ids = seg.ids.map((i) => all.indexOf(vs[i])).join(",");
    layer.append(mark);
  }
  // A trailing newline needs a character after it to take up its line, as it does in the textarea.
  if (text.endsWith("\n")) layer.append(document.createTextNode(" "));
  $("count").textContent = `${[...text].length} 字`;
}

function renderDecision() {
  const v = state.verdict;
  const box = $("decision");
  if (!v) {
    box.dataset.decision = "idle";
    $("decision-label").textContent = "等待输入";
    $("decision-note").textContent = "粘贴或输入脚本后，这里会显示审核结论";
    $("decision-score").textContent = "";
    return;
  }
  const d = DECISIONS[v.decision] ?? { label: v.decision, note: "" };
  box.dataset.decision = v.decision;
  $("decision-label").textContent = d.label;
  $("decision-note").textContent = d.note;
  const cats = new Set(v.violations.map((x) => x.category)).size;
  $("decision-score").textContent = `风险分 ${v.score.toFixed(2)} · ${v.violations.length} 处风险 · ${cats} 个类别`;
}

function renderSummary() {
  const box = $("summary");
  box.replaceChildren();
  const counts = new Map();
  for (const v of state.verdict?.violations ?? []) counts.set(v.category, (counts.get(v.category) ?? 0) + 1);
  for (const [cat, n] of counts) box.append(el("span", `chip cat-${cat}`, `${categoryName(cat)} ${n}`));
}

function where(v) {
  const spans = textSpans(v);
  if (!spans.length) return fieldName(v.field);
  const before = ta.value.slice(0, spans[0].start);
  const line = before.split("\n").length;
  return `第 ${line} 行`;
}

/** The details of one violation: in the list and in the tooltip. */
function details(v, index, withActions) {
  const box = el("div", "vbody");
  const head = el("div", "vhead");
  head.append(el("span", `chip cat-${v.category}`, categoryName(v.category)));
  head.append(el("span", `sev sev-${v.severity}`, SEVERITY_NAMES[v.severity] ?? v.severity));
  head.append(el("span", "conf", `置信度 ${Math.round(v.confidence * 100)}%`));
  box.append(head);
  const term = el("div", "vterm");
  term.append(el("mark", "", v.matched || v.term));
  term.append(el("span", "where", where(v)));
  box.append(term);
  const rule = el("div", "vrule");
  rule.append(el("b", "", "依据"), document.createTextNode(v.rule));
  box.append(rule);
  if (v.suggestion) {
    const s = el("div", "vsugg");
    s.append(el("b", "", "建议"), document.createTextNode(v.suggestion));
    box.append(s);
  }
  const p = withActions ? proposeRewrite(v) : null;
  if (p && stillInPlace(ta.value, v)) {
    const act = el("div", "vactions");
    const btn = el("button", "btn small primary apply", "应用建议");
    btn.type = "button";
    btn.dataset.index = String(index);
    btn.addEventListener("click", (e) => {
      e.stopPropagation();
      applyOne(index);
    });
    act.append(btn, el("span", "preview", p.label));
    box.append(act);
  } else if (!withActions && proposeRewrite(v)) {
    box.append(el("div", "vhint", "点击标注可应用建议"));
  }
  return box;
}

function renderList() {
  const list = $("violations");
  list.replaceChildren();
  const v = state.verdict;
  $("list-head").hidden = !v || v.violations.length === 0;
  if (!v) return;
  if (v.violations.length === 0) {
    list.append(el("li", "empty", "未发现违规表述 ✓"));
    return;
  }
  $("violation-count").textContent = `（${v.violations.length}）`;
  $("apply-all").disabled = !v.violations.some((x) => proposeRewrite(x) && stillInPlace(ta.value, x));
  v.violations.forEach((x, i) => {
    const li = el("li", `vcard cat-${x.category}${i === state.active ? " active" : ""}`);
    li.dataset.index = String(i);
    li.dataset.category = x.category;
    li.append(details(x, i, true));
    li.addEventListener("click", () => focusViolation(i));
    list.append(li);
  });
}

function render() {
  autosize();
  renderHighlights();
  renderDecision();
  renderSummary();
  renderList();
  if (state.pinned && state.active >= 0) showTip(state.active, true);
}

// ---------- tooltip ----------

function markFor(index) {
  return [...layer.querySelectorAll("mark.hl")].find((m) => m.dataset.ids.split(",").includes(String(index)));
}

function showTip(index, pin) {
  const v = state.verdict?.violations[index];
  const mark = markFor(index);
  if (!v || !mark) return hideTip(true);
  clearTimeout(state.hideTimer);
  state.active = index;
  state.pinned = pin;
  tip.className = `tip cat-${v.category}${pin ? " pinned" : ""}`;
  tip.replaceChildren(details(v, index, pin));
  tip.hidden = false;
  const r = mark.getBoundingClientRect();
  const w = tip.offsetWidth;
  const left = Math.min(Math.max(8, r.left + window.scrollX), window.scrollX + document.documentElement.clientWidth - w - 8);
  tip.style.left = `${left}px`;
  tip.style.top = `${r.bottom + window.scrollY + 8}px`;
  for (const m of layer.querySelectorAll("mark.hl")) m.classList.toggle("active", m.dataset.ids.split(",").includes(String(index)));
}

function hideTip(force) {
  if (state.pinned && !force) return;
  tip.hidden = true;
  state.pinned = false;
  for (const m of layer.querySelectorAll("mark.active")) m.classList.remove("active");
}

function focusViolation(index) {
  state.active = index;
  for (const c of document.querySelectorAll(".vcard")) c.classList.toggle("active", c.dataset.index === String(index));
  const mark = markFor(index);
  if (!mark) return;
  mark.scrollIntoView({ block: "center", behavior: "smooth" });
  mark.classList.remove("flash");
  void mark.offsetWidth;
  mark.classList.add("flash");
  showTip(index, true);
}

layer.addEventListener("mouseover", (e) => {
  const m = e.target.closest?.("mark.hl");
  if (m && !state.pinned) showTip(Number(m.dataset.index), false);
});
layer.addEventListener("mouseout", (e) => {
  if (e.target.closest?.("mark.hl") && !state.pinned) state.hideTimer = setTimeout(() => hideTip(false), 120);
});
layer.addEventListener("click", (e) => {
  const m = e.target.closest?.("mark.hl");
  if (!m) return;
  e.stopPropagation();
  const i = Number(m.dataset.index);
  showTip(i, true);
  for (const c of document.querySelectorAll(".vcard")) c.classList.toggle("active", c.dataset.index === String(i));
  document.querySelector(`.vcard[data-index="${i}"]`)?.scrollIntoView({ block: "nearest" });
});
tip.addEventListener("click", (e) => e.stopPropagation());
document.addEventListener("click", () => hideTip(true));
document.addEventListener("keydown", (e) => {
  if (e.key === "Escape") hideTip(true);
});

// ---------- editing ----------

function setText(text) {
  ta.value = text;
  hideTip(true);
  state.active = -1;
  render();
  check();
}

function applyOne(index) {
  const v = state.verdict?.violations[index];
  const p = proposeRewrite(v);
  const next = p && applyRewrite(ta.value, v, p.replacement);
  if (next === null || next === undefined) return;
  setText(next);
}

$("apply-all").addEventListener("click", () => {
  const { text, applied } = applyAll(ta.value, liveViolations());
  if (applied) setText(text);
});

ta.addEventListener("input", () => {
  hideTip(true);
  autosize();
  renderHighlights();
  schedule();
});
for (const r of document.querySelectorAll('input[name="channel"]')) r.addEventListener("change", check);
$("sample").addEventListener("click", () => setText(SAMPLE));
$("clear").addEventListener("click", () => {
  setText("");
  ta.focus();
});
window.addEventListener("resize", () => {
  autosize();
  if (state.pinned && state.active >= 0) showTip(state.active, true);
});

function addAttrRow(key = "", value = "") {
  const row = el("div", "attr-row");
  const k = el("input");
  k.placeholder = "属性名，如 材质";
  k.setAttribute("list", "attr-keys");
  k.value = key;
  const v = el("input");
  v.placeholder = "属性值，如 涤纶";
  v.value = value;
  const del = el("button", "btn ghost small", "删除");
  del.type = "button";
  del.addEventListener("click", () => {
    row.remove();
    schedule();
  });
  for (const i of [k, v]) i.addEventListener("input", schedule);
  row.append(k, v, del);
  $("attr-rows").append(row);
  return row;
}
$("add-attr").addEventListener("click", () => addAttrRow().querySelector("input").focus());

$("token-bar").addEventListener("submit", (e) => {
  e.preventDefault();
  localStorage.setItem("hegui.token", $("token").value.trim());
  $("token-bar").hidden = true;
  loadLexicon();
  check();
});

async function loadLexicon() {
  try {
    const { data } = await api("/v1/lexicons");
    $("lexicon-version").textContent = data.version;
  } catch {
    // The version badge stays empty; the review itself reports errors.
  }
}

addAttrRow();
loadLexicon();
render();
ta.focus();
