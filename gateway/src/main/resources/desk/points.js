// Points: the month's or the year's ranking (志愿之星), who served five times or more, manual
// entries that count only once another operator approves them, and the year-end list to print.
import { all, api, el, fields, header, may, say, signedIn, when } from "./desk.js";

const message = document.getElementById("message");
const period = document.getElementById("period");
const KIND = { base: "基础分", reward: "奖励", penalty: "扣分", service: "服务" };
let operator;

function rows(id, items, cells) {
  document.querySelector("#" + id + " tbody").replaceChildren(...items.map((i) =>
    el("tr", {}, cells(i).map((c) => el("td", { class: typeof c === "number" ? "n" : null }, c)))));
}

async function rankings() {
  const f = fields(period);
  const q = f.year ? "year=" + encodeURIComponent(f.year) : f.month ? "month=" + encodeURIComponent(f.month) : "";
  try {
    const first = await api("/api/points/ranking?" + q);
    const ranking = [...first.ranking, ...(first.next ? await all(first.next, "ranking") : [])];
    document.getElementById("ranking-title").textContent = first.period === "year" ? first.year + "年排行" : first.month + " 月排行";
    rows("ranking", ranking, (r) => [r.rank, r.name, r.groupName || r.group, r.points, r.services]);
    const year = f.year || (first.month || "").slice(0, 4);
    const served = await all("/api/points/served?min=5" + (year ? "&year=" + year : ""), "volunteers");
    document.getElementById("served-title").textContent = (year ? year + "年" : "今年") + "服务五次以上（" + served.length + " 位）";
    rows("served", served, (r) => [r.name, r.groupName || r.group, r.services, r.points]);
  } catch (e) {
    say(message, e);
  }
}

async function pending() {
  const list = document.getElementById("pending");
  try {
    const requests = await all("/api/points/requests?status=pending", "requests");
    list.replaceChildren(...requests.map((r) => el("li", { "data-request": r.id },
      el("strong", {}, r.volunteer), " " + (KIND[r.kind] || r.kind) + " " + r.points + " 分：" + r.reason,
      el("div", { class: "hint" }, r.requestedBy + " 于 " + when(r.requestedAt) + " 提出"),
      may(operator, "points.write") ? el("div", { class: "actions" },
        el("button", { type: "button", onclick: () => decide(r, "approve") }, "批准"),
        el("button", { type: "button", class: "secondary", onclick: () => decide(r, "reject") }, "不批准")) : null)));
    if (requests.length === 0) list.append(el("li", {}, "没有等待批准的积分"));
  } catch (e) {
    say(message, e);
  }
}

async function decide(r, how) {
  try {
    await api("/api/points/requests/" + r.id + "/" + how, { method: "POST", body: { note: how === "approve" ? "同意" : "不同意" } });
    say(message, (how === "approve" ? "已批准 " : "已退回 ") + r.volunteer + " 的 " + r.points + " 分。", true);
    await Promise.all([pending(), rankings()]);
  } catch (e) {
    say(message, e);
  }
}

async function volunteers() {
  const list = await all("/api/volunteers?limit=500", "volunteers");
  document.getElementById("volunteer").replaceChildren(...list.filter((v) => v.active)
    .sort((a, b) => a.name.localeCompare(b.name, "zh-CN")).map((v) => el("option", { value: v.id }, v.name)));
}

document.getElementById("entry").addEventListener("submit", async (event) => {
  event.preventDefault();
  const f = fields(event.target);
  try {
    await api("/api/volunteers/" + f.volunteer + "/points", { method: "POST", body: { points: Number(f.points), kind: f.kind, reason: f.reason } });
    say(message, "已提交，等另一位同事批准后计入。", true);
    event.target.reset();
    await pending();
  } catch (e) {
    say(message, e);
  }
});

period.addEventListener("submit", (e) => { e.preventDefault(); rankings(); });

document.getElementById("print").addEventListener("click", async () => {
  const year = fields(period).year;
  try {
    const p = await api("/api/points/printable" + (year ? "?year=" + encodeURIComponent(year) : ""));
    const table = (head, items, cells) => el("table", {}, el("thead", {}, el("tr", {}, head.map((h) => el("th", {}, h)))),
      el("tbody", {}, items.map((i) => el("tr", {}, cells(i).map((c) => el("td", {}, c))))));
    document.getElementById("printable").replaceChildren(el("h1", {}, p.title),
      el("h2", {}, "志愿之星"), table(["名次", "姓名", "小组", "积分", "服务次数"], p.stars, (s) => [s.rank, s.name, s.groupName || s.group, s.points, s.services]),
      el("h2", {}, "服务五次以上"), table(["姓名", "小组", "服务次数"], p.servedFiveTimes, (s) => [s.name, s.groupName || s.group, s.services]));
    window.print();
  } catch (e) {
    say(message, e);
  }
});

signedIn().then(async (op) => {
  operator = op;
  header(op);
  document.getElementById("entry").hidden = !may(op, "points.write");
  await Promise.all([rankings(), pending(), volunteers().catch(() => {})]);
});
