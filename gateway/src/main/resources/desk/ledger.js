// The month's ledger (晒单): per township, village and volunteer group, on screen, as the
// gateway's XLSX, and sent as a text to each village's group leaders; with the month's
// recurring help (帮扶台账): how many occurrences were due, done, declined by the paired
// volunteer, missed.
import { api, el, fields, header, may, say, signedIn, CATEGORY } from "./desk.js";

const message = document.getElementById("message");
const form = document.getElementById("month-form");
let month = null;

const minutes = (s) => (s === null ? "" : (s / 60).toFixed(1));
const hours = (s) => (s === null ? "" : (s / 3600).toFixed(1));
const percent = (r) => (r === null ? "" : (r * 100).toFixed(1) + "%");

function table(id, own, lines) {
  const head = [...own.map(([label]) => label), "求助件数", ...Object.values(CATEGORY), "办结件数", "办结率", "接单件数",
    "平均接单（分钟）", "办完件数", "平均办完（小时）", "评价件数", "满意度", "超期", "重复"];
  const body = lines.map((l) => el("tr", {}, own.map(([, key]) => el("th", { scope: "row" }, l[key])),
    [l.requests, ...Object.keys(CATEGORY).map((c) => l.byCategory[c] ?? 0), l.completed, percent(l.completionRate), l.accepted,
      minutes(l.avgAcceptSeconds), l.finished, hours(l.avgFinishSeconds), l.rated, l.satisfaction === null ? "" : l.satisfaction.toFixed(2),
      l.overdue, l.duplicates].map((v) => el("td", { class: "n" }, v))));
  document.getElementById(id).replaceChildren(el("thead", {}, el("tr", {}, head.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, body));
}

function helpTable(help) {
  const lines = [{ ...help.township, scope: "全镇", name: "全镇" },
    ...help.villages.map((l) => ({ ...l, scope: "村", name: l.village })),
    ...help.groups.map((l) => ({ ...l, scope: "志愿小组", name: l.groupName }))];
  const head = ["范围", "名称", "应办", "办完", "结对志愿者未接", "误期未办"];
  const body = lines.map((l) => el("tr", {}, el("th", { scope: "row" }, l.scope), el("th", { scope: "row" }, l.name),
    [l.due, l.done, l.declined, l.missed].map((v) => el("td", { class: "n" }, v))));
  document.getElementById("help").replaceChildren(el("thead", {}, el("tr", {}, head.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, body));
}

async function load() {
  const wanted = fields(form).month;
  try {
    const l = await api("/api/ledger" + (wanted ? "?month=" + encodeURIComponent(wanted) : ""));
    month = l.month;
    document.getElementById("title").textContent = month.replace("-", "年") + "月 晒单";
    document.getElementById("xlsx").href = "/api/ledger.xlsx?month=" + month;
    document.getElementById("xlsx").setAttribute("download", "晒单-" + month + ".xlsx");
    table("township", [["范围", "scope"]], [{ ...l.township, scope: "全镇" }]);
    table("villages", [["村", "village"]], l.villages);
    table("groups", [["小组", "group"], ["名称", "groupName"]], l.groups);
    helpTable(l.helpLedger);
  } catch (e) {
    say(message, e);
  }
}

document.getElementById("send").addEventListener("click", async () => {
  if (!month) return;
  try {
    const r = await api("/api/ledger/send", { method: "POST", body: { month } });
    say(message, "已发出 " + r.sent.length + " 个村的晒单短信" + (r.skipped.length ? "，" + r.skipped.length + " 个村没有组长未发" : "") + "。", true);
    document.getElementById("sent").replaceChildren(
      ...r.sent.map((s) => el("li", {}, el("strong", {}, s.village), " → " + s.recipients.join("、"), el("div", {}, s.text))),
      ...r.skipped.map((s) => el("li", {}, el("strong", {}, s.village), " 未发：" + s.reason)));
  } catch (e) {
    say(message, e);
  }
});

form.addEventListener("submit", (e) => { e.preventDefault(); load(); });

signedIn().then((operator) => {
  header(operator);
  document.getElementById("send").hidden = !may(operator, "ledger.send");
  load();
});
