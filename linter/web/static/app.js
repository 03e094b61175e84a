// The jxlint page: upload forms to /api/lint, show the findings per form and field, filter them by
// severity, open a rule's documentation, download the annotated workbook. Form text is only ever
// inserted as text (textContent), never as HTML.
"use strict";

const SEVERITY = { error: "错误", warning: "警告", info: "提示" };
const TYPES = { project: "项目", department: "部门" };
const state = { config: null, files: new Map(), payload: null, docs: new Map() };

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

function status(message, isError) {
  const box = document.getElementById("status");
  box.textContent = message;
  box.className = isError ? "error" : "";
  box.setAttribute("role", isError ? "alert" : "status");
}

function megabytes(bytes) {
  return (bytes / 1048576).toFixed(bytes < 1048576 ? 2 : 1) + " MB";
}

// Refuse on the page what the server would refuse, without uploading it.
function refusal(files) {
  const cfg = state.config;
  if (!files.length) return "没有选择文件";
  if (files.length > cfg.max_files) return `一次最多检查 ${cfg.max_files} 个文件`;
  for (const f of files) {
    const dot = f.name.lastIndexOf(".");
    const ext = dot >= 0 ? f.name.slice(dot).toLowerCase() : "";
    if (ext === ".xls") return `${f.name}：Excel 97-2003（.xls）无法读取，请在 Excel 中另存为 .xlsx`;
    if (!cfg.accepted.includes(ext)) return `${f.name}：不支持的文件类型“${ext || "无扩展名"}”；可检查 ${cfg.accepted.join("、")}`;
  }
  const total = files.reduce((sum, f) => sum + f.size, 0);
  if (total > cfg.max_upload_bytes) {
    return `所选文件共 ${megabytes(total)}，超过 ${megabytes(cfg.max_upload_bytes)} 的上限；请分批上传`;
  }
  return null;
}

async function errorMessage(response) {
  try {
    const body = await response.json();
    if (body && body.error) return body.error.message;
  } catch (e) { /* not JSON: fall through */ }
  return `服务器返回 ${response.status}`;
}

async function lint(files) {
  const why = refusal(files);
  if (why) { status(why, true); return; }
  const form = new FormData();
  for (const f of files) form.append("file", f, f.name);
  state.files = new Map(files.map((f) => [f.name, f]));
  status(`正在检查 ${files.length} 个文件…`, false);
  let response;
  try {
    response = await fetch("/api/lint", { method: "POST", body: form });
  } catch (e) {
    status("无法连接检查服务：请确认 jxlint serve 仍在运行", true);
    return;
  }
  if (!response.ok) { status(await errorMessage(response), true); return; }
  state.payload = await response.json();
  const s = state.payload.summary;
  status(`检查完成：${s.files} 个文件，${s.forms} 张表单`, false);
  render();
}

function selected() {
  return new Set([...document.querySelectorAll("#filters input:checked")].map((i) => i.value));
}

function render() {
  const payload = state.payload;
  const shown = selected();
  const s = payload.summary;
  document.getElementById("overview").hidden = false;
  document.getElementById("summary").textContent =
    `共 ${s.forms} 张表单，发现问题 ${s.diagnostics} 条` + (s.unreadable ? `，${s.unreadable} 个文件无法读取` : "");
  for (const sev of Object.keys(SEVERITY)) {
    document.querySelector(`[data-count="${sev}"]`).textContent = `(${s.by_severity[sev] || 0})`;
  }
  const files = document.getElementById("files");
  files.replaceChildren(...payload.files.map(fileItem));
  const results = document.getElementById("results");
  results.replaceChildren(...payload.forms.map((form) => formCard(form, payload.diagnostics, shown)));
}

function fileItem(file) {
  const item = el("li", {}, `${file.name}：${file.forms} 张表单 `);
  if (file.annotatable && file.forms > 0) {
    item.append(el("button", { type: "button", class: "annotate", "data-file": file.name,
                               onclick: () => downloadAnnotated(file.name) }, "下载批注版（Excel）"));
  }
  return item;
}

function gradeIndex(grade) {
  const grades = state.config.grades.map((g) => g.grade);
  const i = grades.indexOf(grade);
  return i < 0 ? grades.length - 1 : Math.min(i, 3);
}

function formCard(form, diagnostics, shown) {
  const title = form.project || form.unit || form.path;
  const meta = [form.unit, TYPES[form.form_type], form.form_id && `编号 ${form.form_id}`, form.path]
    .filter(Boolean).join(" · ");
  const card = el("article", { class: `form grade-${gradeIndex(form.grade)}`, "data-form": form.form_id || form.path },
    el("div", { class: "score" }, el("b", {}, String(form.score)), `分 · ${form.grade}`),
    el("h2", {}, title), el("p", { class: "meta" }, meta));
  if (form.unreadable) card.append(el("p", { class: "none" }, "这个文件无法读取，未作检查："));
  let visible = 0;
  for (const group of form.fields) {
    const findings = group.findings.filter((f) => shown.has(diagnostics[f.index].severity));
    if (!findings.length) continue;
    visible += findings.length;
    const section = el("section", { class: "field", "data-field": group.field || "" }, el("h3", {}, group.label));
    if (group.text) section.append(marked(group.text, findings.flatMap((f) => f.marks)));
    section.append(el("ul", { class: "findings" }, ...findings.map((f) => findingItem(diagnostics[f.index]))));
    card.append(section);
  }
  if (!visible) {
    const total = form.fields.reduce((n, g) => n + g.findings.length, 0);
    card.append(el("p", { class: "none" }, total ? "所选级别下没有问题" : "没有发现问题"));
  }
  return card;
}

// The field's text with the quoted fragments of the shown findings marked.
function marked(text, marks) {
  const spans = marks.slice().sort((a, b) => a[0] - b[0]);
  const quote = el("blockquote", {});
  let pos = 0;
  for (const [start, end] of spans) {
    if (start < pos) continue;
    quote.append(text.slice(pos, start), el("mark", {}, text.slice(start, end)));
    pos = end;
  }
  quote.append(text.slice(pos));
  return quote;
}

function findingItem(d) {
  const where = d.location.sheet ? `${d.location.sheet}!${d.location.cell}`
    : d.location.line ? `第 ${d.location.line} 行` : d.location.row ? `第 ${d.location.row} 行` : "";
  return el("li", { class: `finding sev-row-${d.severity}`, "data-code": d.code },
    el("span", { class: `sev sev-${d.severity}` }, SEVERITY[d.severity]),
    el("button", { type: "button", class: "code", title: "查看规则说明", onclick: () => showRule(d.code) }, d.code),
    d.message,
    d.hint ? el("div", { class: "hint" }, `修改建议：${d.hint}`) : null,
    el("div", { class: "place" }, [d.path, where].filter(Boolean).join(" · ")));
}

async function showRule(code) {
  const dialog = document.getElementById("rule-dialog");
  if (!state.docs.has(code)) {
    const response = await fetch(`/api/rules/${encodeURIComponent(code)}`);
    if (!response.ok) { status(await errorMessage(response), true); return; }
    state.docs.set(code, await response.json());
  }
  const rule = state.docs.get(code);
  document.getElementById("rule-title").textContent = `${rule.code} ${rule.name}`;
  document.getElementById("rule-doc").innerHTML = rule.html;  // the server's rendering, every text escaped there
  dialog.showModal();
}

async function downloadAnnotated(name) {
  const file = state.files.get(name);
  if (!file) { status(`请重新选择 ${name}`, true); return; }
  const form = new FormData();
  form.append("file", file, file.name);
  status(`正在生成 ${name} 的批注版…`, false);
  const response = await fetch("/api/annotate", { method: "POST", body: form });
  if (!response.ok) { status(await errorMessage(response), true); return; }
  const blob = await response.blob();
  const link = el("a", { href: URL.createObjectURL(blob), download: name.replace(/(\.[^.]+)$/, ".jxlint$1") });
  document.body.append(link);
  link.click();
  link.remove();
  status(`已下载 ${link.download}：每个有问题的单元格都加了批注，首页是问题汇总`, false);
}

async function start() {
  const response = await fetch("/api/config");
  state.config = await response.json();
  document.getElementById("limit").textContent = String(Math.round(state.config.max_upload_bytes / 1048576));
  document.getElementById("version").textContent = state.config.version;
  const input = document.getElementById("file");
  input.addEventListener("change", () => { lint([...input.files]); input.value = ""; });
  const drop = document.getElementById("drop");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    lint([...e.dataTransfer.files]);
  });
  document.getElementById("filters").addEventListener("change", () => { if (state.payload) render(); });
  document.getElementById("rule-close").addEventListener("click", () => document.getElementById("rule-dialog").close());
}

document.addEventListener("DOMContentLoaded", start);
