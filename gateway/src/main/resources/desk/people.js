// The roster's eight tables, one tab each: a list (a page at a time), a form to add or change a
// row, CSV download and, for the four import files, upload. The forms are built from the
// OpenAPI document's schemas (fields, Chinese labels, types), so the page names no field twice.
import { api, el, fields, header, may, say, signedIn, studioTime, when } from "./desk.js";

const TABLES = [
  ["residents", "居民", "Resident", true], ["family", "家属联系人", "FamilyContact", true],
  ["groups", "志愿小组", "VolunteerGroup", true], ["volunteers", "志愿者", "Volunteer", true],
  ["shifts", "值班", "Shift", false], ["schedule-exceptions", "请假和加班", "ScheduleException", false],
  ["holidays", "节假日", "Holiday", false], ["duty-phones", "值班电话", "DutyPhone", false],
];
const message = document.getElementById("message");
const form = document.getElementById("edit");
let schemas = {};
let current = null;
let editing = null;
let next = null;
let writer = false;

function show(value, schema) {
  if (value === null || value === undefined) return "";
  if (schema.type === "boolean") return value ? "是" : "否";
  if (Array.isArray(value)) return value.join("；");
  if (schema.format === "date-time") return when(value);
  return String(value);
}

function input(name, schema, required) {
  const id = "field-" + name;
  const label = el("label", { for: id }, (schema.description || name) + (required ? "（必填）" : ""));
  let control;
  if (schema.type === "boolean") {
    control = el("select", { id, name }, el("option", { value: "" }, "—"), el("option", { value: "true" }, "是"),
      el("option", { value: "false" }, "否"));
  } else if (schema.enum) {
    control = el("select", { id, name }, el("option", { value: "" }, "—"), schema.enum.map((v) => el("option", { value: v }, v)));
  } else {
    const hint = schema.type === "array" ? "多个用；分开" : schema.format === "date-time" ? "如 2026-12-03 17:00"
      : schema.format === "date" ? "如 2026-10-01" : schema.pattern ? "如 08:00" : null;
    control = el("input", { id, name, placeholder: hint, inputmode: schema.type === "integer" ? "numeric" : null });
  }
  return el("div", {}, label, control);
}

function value(raw, schema) {
  if (schema.type === "boolean") return raw === "true";
  if (schema.type === "integer") return Number(raw);
  if (schema.type === "array") return raw.split(/[；;,，]/).map((s) => s.trim()).filter(Boolean);
  if (schema.format === "date-time") return studioTime(raw) || raw;
  return raw;
}

function fill(row) {
  editing = row;
  const props = schemas[current[2] + "Create"].properties;
  for (const [name, schema] of Object.entries(props)) {
    const control = form.elements[name];
    const v = row ? row[name] : null;
    if (v === null || v === undefined) control.value = "";
    else if (schema.type === "boolean") control.value = String(v);
    else if (Array.isArray(v)) control.value = v.join("；");
    else if (schema.format === "date-time") control.value = when(v) ? local(v) : v;
    else control.value = String(v);
  }
  document.getElementById("edit-legend").textContent = row ? "修改第 " + row.id + " 条" : "新增" + current[1];
  document.getElementById("delete").hidden = !row || !writer;
}

// An instant as the studio writes it: 2026-12-03 17:00 (Asia/Shanghai).
function local(instant) {
  const p = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", hour12: false }).format(new Date(instant));
  return p.replace(",", "");
}

async function list(reset) {
  const [t, , schemaName] = current;
  const schema = schemas[schemaName];
  const columns = ["id", ...Object.keys(schema.properties).filter((k) => k !== "id")];
  const table = document.getElementById("list");
  if (reset) {
    table.tHead.replaceChildren(el("tr", {}, columns.map((c) => el("th", {}, c === "id" ? "编号" : schema.properties[c].description || c)),
      el("th", {}, "")));
    table.tBodies[0].replaceChildren();
  }
  try {
    const page = await api(reset ? "/api/" + t + "?limit=50" : next);
    for (const row of page[t]) {
      table.tBodies[0].append(el("tr", { "data-id": row.id }, columns.map((c) => el("td", {}, show(row[c], schema.properties[c] || {}))),
        el("td", {}, writer ? el("button", { type: "button", class: "secondary", onclick: () => { fill(row); form.elements[0].focus(); } },
          "修改") : "")));
    }
    next = page.next;
    document.getElementById("more").hidden = !next;
  } catch (e) {
    say(message, e);
  }
}

function files() {
  const [t, label, , importable] = current;
  const box = document.getElementById("files");
  box.replaceChildren(el("a", { class: "button secondary", href: "/api/roster/" + t + ".csv", download: t + ".csv" }, "下载 " + label + " CSV"));
  if (importable && writer) {
    const id = "upload-" + t;
    const chooser = el("input", { type: "file", id, accept: ".csv,text/csv" });
    box.append(el("label", { for: id, class: "inline" }, "上传 CSV（全部成功或全部不改）"), chooser,
      el("button", { type: "button", id: "upload", onclick: async () => {
        if (!chooser.files[0]) return say(message, "请先选一个 CSV 文件");
        try {
          const r = await api("/api/roster/import?kind=" + t, { method: "POST", body: await chooser.files[0].text(), contentType: "text/csv" });
          say(message, "已导入：" + Object.entries(r.imported || {}).map(([k, c]) => k + " 新增 " + c.inserted + "、修改 " + c.updated + "、不变 " + c.unchanged).join("；"), true);
          await list(true);
        } catch (e) {
          say(message, e);
          for (const row of e.doc.rows || []) message.append(el("div", {}, "第 " + row.line + " 行：" + row.message));
        }
      } }, "上传"));
  }
}

function open(entry) {
  current = entry;
  for (const b of document.querySelectorAll("#tabs button")) b.setAttribute("aria-selected", String(b.dataset.table === entry[0]));
  document.getElementById("table-title").textContent = entry[1];
  const create = schemas[entry[2] + "Create"];
  document.getElementById("edit-fields").replaceChildren(...Object.entries(create.properties).map(([name, s]) =>
    input(name, s, (create.required || []).includes(name))));
  form.hidden = !writer;
  message.replaceChildren();
  files();
  fill(null);
  list(true);
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const props = schemas[current[2] + "Create"].properties;
  const body = {};
  for (const [k, raw] of Object.entries(fields(form))) body[k] = value(raw, props[k]);
  try {
    if (editing) await api("/api/" + current[0] + "/" + editing.id, { method: "PATCH", body });
    else await api("/api/" + current[0], { method: "POST", body });
    say(message, editing ? "已保存第 " + editing.id + " 条。" : "已新增。", true);
    fill(null);
    await list(true);
  } catch (e) {
    say(message, e);
  }
});
document.getElementById("new").addEventListener("click", () => fill(null));
document.getElementById("more").addEventListener("click", () => list(false));
document.getElementById("delete").addEventListener("click", async () => {
  if (!editing || !confirm("确定删除第 " + editing.id + " 条吗？")) return;
  try {
    await api("/api/" + current[0] + "/" + editing.id, { method: "DELETE" });
    say(message, "已删除。", true);
    fill(null);
    await list(true);
  } catch (e) {
    say(message, e);
  }
});

signedIn().then(async (operator) => {
  header(operator);
  writer = may(operator, "roster.write");
  schemas = (await api("/api/openapi.json")).components.schemas;
  document.getElementById("tabs").replaceChildren(...TABLES.map((entry) =>
    el("button", { type: "button", role: "tab", class: "secondary", "data-table": entry[0], onclick: () => open(entry) }, entry[1])));
  const wanted = new URLSearchParams(location.search).get("t");
  open(TABLES.find((e) => e[0] === wanted) || TABLES[0]);
});
