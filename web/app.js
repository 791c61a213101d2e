// hegui review page: type or paste a script, see every violation in place, apply the verdict's fixes.
import { attributeEvidence, evidenceLines, penaltiesFor, penaltyText, penaltyTotals, severityShown } from "./explain.js";
import { segments, primary, stillInPlace, textSpans } from "./highlight.js";
import { categoryName, fieldName, DECISIONS } from "./labels.js";
import { applyAll, applyRewrite, fixedWords, proposeRewrite } from "./rewrite.js";

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
  // Fixes the page applied itself since the user last typed: the text must be read again, and
  // 可以发布 is never said for it before a re-check of the rewritten text comes back clean.
  rewritten: 0,
  rechecking: false,
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
  if (!res.ok) {
    // The Chinese message (errorZh) first; the English one and the code beside it for a bug report.
    const zh = data.errorZh ? `${data.errorZh}（${data.error}${data.code ? `，${data.code}` : ""}）` : undefined;
    throw new Error(zh ?? data.error ?? `HTTP ${res.status}`);
  }
  return { data };
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
    state.rechecking = false;
    setStatus("idle", "就绪");
    render();
    return;
  }
  state.controller = new AbortController();
  setStatus("busy", "检查中…");
  try {
    const { data } = await api("/v1/review", requestBody(text), state.controller.signal);
    if (seq !== state.seq) return;
    state.verdict = data;
    state.checkedText = text;
    state.rechecking = false;
    $("error").hidden = true;
    setStatus("ok", "已检查");
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
  if (state.rechecking) {
    // The page rewrote the text and the re-check has not come back: no conclusion yet.
    box.dataset.decision = "idle";
    $("decision-label").textContent = "重新检查中";
    $("decision-note").textContent = "已自动修改，正在重新检查修改后的全文…";
    $("decision-score").textContent = "";
    return;
  }
  const d = DECISIONS[v.decision] ?? { label: v.decision, note: "" };
  box.dataset.decision = v.decision;
  $("decision-label").textContent = d.label;
  let note = d.note;
  if (state.rewritten) {
    note =
      v.decision === "pass"
        ? "自动修改后重新检查未发现违规。请从头到尾通读全文，确认语句通顺、内容属实后再发布"
        : `自动修改后仍有 ${v.violations.length} 处风险，请手动改写；改完请通读全文`;
  }
  $("decision-note").textContent = note;
  const cats = new Set(v.violations.map((x) => x.category)).size;
  const t = penaltyTotals(v);
  const pen = [];
  if (t.points) pen.push(`扣 ${t.points} 分`);
  if (t.deposit) pen.push(`扣保证金 ${t.deposit.toLocaleString("zh-CN")} 元`);
  if (t.wholeDeposit) pen.push("扣除全部保证金");
  if (t.ban) pen.push("商品封禁");
  if (t.clearance) pen.push("清退");
  $("decision-score").textContent = `风险分 ${v.score.toFixed(2)} · ${v.violations.length} 处风险 · ${cats} 个类别`;
  const pb = $("decision-penalties");
  pb.hidden = pen.length === 0;
  pb.textContent = pen.length ? `如发布，可能的处罚：${pen.join(" · ")}` : "";
}

function renderRewriteNote() {
  const n = $("rewrite-note");
  n.hidden = !state.rewritten;
  if (state.rewritten) n.textContent = `已自动修改 ${state.rewritten} 处（删除或替换了原文）。请从头到尾再读一遍全文，确认语句通顺、意思没有被改变；修改只去掉了违规表述，不会替你补写内容。`;
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
  const sev = severityShown(v, state.verdict?.decision);
  head.append(el("span", `sev sev-${v.severity}${sev.tentative ? " tentative" : ""}`, sev.label));
  head.append(el("span", "conf", `置信度 ${Math.round(v.confidence * 100)}%`));
  box.append(head);
  if (sev.note) box.append(el("div", "vsevnote", sev.note));
  const term = el("div", "vterm");
  term.append(el("mark", "", v.matched || v.term));
  term.append(el("span", "where", where(v)));
  box.append(term);
  const attr = attributeEvidence(v);
  if (attr) {
    // The claim and what the listing says, side by side.
    const t = el("div", "vevidence attr");
    const said = el("div", "side said");
    said.append(el("b", "", "文案所说"), el("span", "", attr.claim));
    const listed = el("div", "side listed");
    listed.append(el("b", "", `商品属性（${attr.aspect}）`));
    for (const a of attr.listing) listed.append(el("span", "", `${a.key}：${a.value}`));
    t.append(said, el("span", "vs", "≠"), listed);
    box.append(t);
  }
  const lines = evidenceLines(v);
  if (lines.length) {
    const ev = el("div", "vwhy");
    ev.append(el("b", "", "判断"));
    const ul = el("ul");
    for (const l of lines) ul.append(el("li", "", l));
    ev.append(ul);
    box.append(ev);
  }
  const rule = el("div", "vrule");
  rule.append(el("b", "", "依据"), document.createTextNode(v.rule));
  box.append(rule);
  const ps = penaltiesFor(state.verdict, v);
  if (ps.length) {
    const pen = el("div", "vpen");
    pen.append(el("b", "", "处罚"));
    for (const p of ps) {
      const tag = el("span", `pen${p.superseded ? " superseded" : ""}`, penaltyText(p));
      if (p.superseded) tag.title = "已被更严的处罚吸收（按最严处理）";
      pen.append(tag);
    }
    box.append(pen);
  }
  if (v.suggestion) {
    const s = el("div", "vsugg");
    s.append(el("b", "", "建议"), document.createTextNode(v.suggestion));
    box.append(s);
  }
  const p = withActions ? proposeRewrite(v) : null;
  if (p && ta.value === state.checkedText) {
    const act = el("div", "vactions");
    const btn = el("button", "btn small primary apply", "应用修改");
    btn.type = "button";
    btn.dataset.index = String(index);
    btn.addEventListener("click", (e) => {
      e.stopPropagation();
      applyOne(index);
    });
    const words = fixedWords(state.checkedText, v);
    act.append(btn, el("span", "preview", p.replacement ? `${p.label}：“${words}”→“${p.replacement}”` : `${p.label}：“${words}”`));
    box.append(act);
  } else if (!withActions && proposeRewrite(v)) {
    box.append(el("div", "vhint", "点击标注可应用修改"));
  } else if (withActions && !proposeRewrite(v)) {
    box.append(el("div", "vhint", "没有可自动套用的修改：请按建议自行改写"));
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
  $("apply-all").disabled = ta.value !== state.checkedText || !v.violations.some((x) => proposeRewrite(x));
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
  renderRewriteNote();
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

function setText(text, rewrites = 0) {
  ta.value = text;
  hideTip(true);
  state.active = -1;
  state.rewritten = rewrites ? state.rewritten + rewrites : 0;
  state.rechecking = rewrites > 0;
  render();
  check();
}

/** Apply one fix of the verdict, then check the whole text again. */
function applyOne(index) {
  const v = state.verdict?.violations[index];
  const next = applyRewrite(ta.value, state.checkedText, v);
  if (next === null || next === undefined) return;
  setText(next, 1);
}

$("apply-all").addEventListener("click", () => {
  const { text, applied } = applyAll(ta.value, state.checkedText, state.verdict?.violations ?? []);
  if (applied) setText(text, applied);
});

ta.addEventListener("input", () => {
  // The user edits by hand: from here on the text is theirs again.
  state.rewritten = 0;
  renderRewriteNote();
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
