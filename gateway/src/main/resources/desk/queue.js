// The queue: every ticket not yet done, in the order the API gives (overdue, late, waiting,
// accepted), kept current by the server-sent event stream without a reload.
import { all, el, header, say, signedIn, age, when, CATEGORY, STATUS } from "./desk.js";

const rows = document.getElementById("rows");
const live = document.getElementById("live");
const message = document.getElementById("message");
const form = document.getElementById("filters");
let tickets = [];
let stream = null;

function query() {
  const q = new URLSearchParams();
  for (const name of ["village", "category", "urgency"]) {
    const v = form.elements[name].value.trim();
    if (v) q.set(name, v);
  }
  return q.toString();
}

// The API's order, for tickets that arrive one by one on the stream.
function rank(t) {
  const group = t.overdue ? 0 : t.late ? 1 : t.status === "accepted" ? 3 : 2;
  return [group, t.level === "township" ? 0 : 1, -t.ageSeconds, t.code];
}

function before(a, b) {
  const x = rank(a), y = rank(b);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
}

function row(t) {
  const tags = [];
  if (t.overdue) tags.push(el("span", { class: "tag overdue" }, "超期"));
  if (t.late) tags.push(el("span", { class: "tag late" }, "久未接单"));
  if (t.urgency === "URGENT") tags.push(el("span", { class: "tag urgent" }, "紧急"));
  if (t.level === "township") tags.push(el("span", { class: "tag township" }, "镇级"));
  if (t.confidential) tags.push(el("span", { class: "tag" }, "保密"));
  return el("tr", { class: t.overdue ? "overdue" : t.late ? "late" : null, "data-code": t.code },
    el("td", { "data-label": "编号" }, el("a", { href: "ticket.html?code=" + encodeURIComponent(t.code) }, t.code)),
    el("td", { "data-label": "状态" }, tags, STATUS[t.status] || t.status),
    el("td", { "data-label": "等了", class: "n" }, age(t.ageSeconds)),
    el("td", { "data-label": "类别" }, CATEGORY[t.category] || t.category),
    el("td", { "data-label": "居民" }, t.resident || "（未登记）"),
    el("td", { "data-label": "村" }, t.village || ""),
    el("td", { "data-label": "志愿者" }, t.volunteer || ""),
    el("td", { "data-label": "期限" }, when(t.dueAt)));
}

function render() {
  tickets.sort(before);
  rows.replaceChildren(...tickets.map(row));
  document.getElementById("count").textContent = "共 " + tickets.length + " 件";
}

function place(ticket) {
  tickets = tickets.filter((t) => t.code !== ticket.code);
  if (ticket.status !== "done" && ticket.status !== "closed") tickets.push(ticket);
  render();
}

async function load() {
  try {
    tickets = await all("/api/queue?" + query(), "tickets");
    render();
  } catch (e) {
    say(message, e);
  }
}

function listen() {
  if (stream) stream.close();
  stream = new EventSource("/api/queue/stream?" + query());
  stream.addEventListener("open", () => { live.textContent = "实时更新中：新求助会自己出现，不用刷新"; });
  stream.addEventListener("error", () => { live.textContent = "实时更新断开了，正在重连…"; });
  stream.addEventListener("ticket", (e) => place(JSON.parse(e.data).ticket));
  stream.addEventListener("reset", load);
  stream.addEventListener("signed-out", () => { location.href = "index.html?next=" + encodeURIComponent("/desk/queue.html"); });
}

form.addEventListener("submit", (e) => {
  e.preventDefault();
  load().then(listen);
});

signedIn().then((operator) => {
  header(operator);
  load().then(listen);
});
