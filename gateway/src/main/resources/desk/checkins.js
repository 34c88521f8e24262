// Check-ins (问安电话): one studio day's calls (today unless the address says ?day=2026-12-02),
// who was called, whether they answered, pressed 2 for help or were missed, and the ticket that
// opened; then everyone's plan, with a stop or resume for each and, with checkins.write and
// roster.read, a resident found by name or phone and signed up.
import { all, api, el, findResidents, header, may, place, say, signedIn, when } from "./desk.js";

const ZONE = "Asia/Shanghai";
const SOURCE = { opt_in: "工作站开通", living_alone: "独居老人（自动）" };
const message = document.getElementById("message");
const dayField = document.getElementById("day");
const planForm = document.getElementById("plan-form");
const found = document.getElementById("found");
let writer = false;
let chosen = null;

/** An instant's time of day in the studio: 09:30. */
function clock(instant) {
  if (!instant) return "";
  return new Intl.DateTimeFormat("zh-CN", { timeZone: ZONE, hour: "2-digit", minute: "2-digit", hour12: false })
    .format(new Date(instant));
}

/** "2026-12-02" → 2026年12月2日 (a calendar day: no zone to convert). */
function dayWords(iso) {
  const [y, m, d] = iso.split("-");
  return y + "年" + Number(m) + "月" + Number(d) + "日";
}

function result(c) {
  switch (c.status) {
    case "ok": return "接听了，按1报平安";
    case "help": return "按2求助";
    case "missed": return "打了 " + c.tries + " 次都没接";
    case "cancelled": return "已取消";
    default: return c.tries > 0 ? "正在打（已打 " + c.tries + " 次）" : "等着打";
  }
}

function checkinRow(c) {
  const alarm = c.status === "help" || c.status === "missed";
  return el("tr", { "data-checkin": c.id, "data-resident": c.residentId, class: c.status === "missed" ? "overdue" : null },
    el("th", { scope: "row" }, c.resident),
    el("td", {}, place(c)),
    el("td", {}, clock(c.dueAt)),
    el("td", { class: "n" }, c.tries),
    el("td", { "data-status": c.status }, alarm ? el("span", { class: "tag urgent" }, "紧急") : null, result(c)),
    el("td", {}, clock(c.answeredAt)),
    el("td", {}, c.ticket ? el("a", { href: "ticket.html?code=" + encodeURIComponent(c.ticket) }, c.ticket) : ""));
}

async function showDay(day) {
  try {
    const path = "/api/checkins?limit=500" + (day ? "&day=" + encodeURIComponent(day) : "");
    const first = await api(path);
    const list = [...first.checkins, ...(first.next ? await all(first.next, "checkins") : [])];
    document.getElementById("day-title").textContent = dayWords(first.day) + "的问安电话";
    const count = (s) => list.filter((c) => c.status === s).length;
    document.getElementById("summary").textContent = list.length === 0 ? "这一天没有问安电话。"
      : "共 " + list.length + " 位：接听 " + count("ok") + "，按2求助 " + count("help") + "，没接 " + count("missed")
        + "，还在打 " + count("calling") + "。";
    document.getElementById("checkin-rows").replaceChildren(...(list.length ? list.map(checkinRow)
      : [el("tr", {}, el("td", { colspan: 7 }, "这一天没有问安电话"))]));
    if (day) history.replaceState(null, "", "checkins.html?day=" + encodeURIComponent(day));
  } catch (e) {
    say(message, e);
  }
}

function planRow(p) {
  const action = !writer ? "" : el("button", { type: "button", class: p.active ? "danger" : "secondary", "data-plan": p.id,
    onclick: () => setActive(p, !p.active) }, p.active ? "停止问安" : "恢复问安");
  return el("tr", { "data-plan": p.id, "data-resident": p.residentId },
    el("th", { scope: "row" }, p.resident),
    el("td", {}, place(p)),
    el("td", {}, p.scheduleText),
    el("td", {}, SOURCE[p.source] || p.source),
    el("td", {}, p.active ? when(p.nextDueAt) : ""),
    el("td", { "data-active": String(p.active) }, p.active ? "进行中" : "已停止"),
    el("td", { class: "no-print" }, action));
}

async function showPlans() {
  try {
    const plans = await all("/api/checkins/plans?limit=500", "plans");
    document.getElementById("plan-rows").replaceChildren(...(plans.length ? plans.map(planRow)
      : [el("tr", {}, el("td", { colspan: 7 }, "还没有人接问安电话"))]));
  } catch (e) {
    say(message, e);
  }
}

async function setActive(p, active) {
  try {
    const changed = await api("/api/checkins/plans/" + p.id, { method: "PATCH", body: { active } });
    say(message, active ? "已恢复" + changed.resident + "的问安电话，下一次 " + when(changed.nextDueAt) + "。"
      : "已停止" + changed.resident + "的问安电话，不再打给这位居民。", true);
  } catch (e) {
    say(message, e);
  }
  await showPlans();
  document.querySelector("#plan-rows button[data-plan='" + p.id + "']")?.focus();
}

document.getElementById("day-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const typed = dayField.value.trim();
  if (typed && !/^\d{4}-\d{2}-\d{2}$/.test(typed)) {
    say(message, "日期请写成 2026-12-02 这样");
    dayField.focus();
    return;
  }
  message.replaceChildren();
  message.className = "message";
  showDay(typed).then(() => document.getElementById("day-title").focus());
});

document.getElementById("find").addEventListener("submit", async (event) => {
  event.preventDefault();
  planForm.hidden = true;
  try {
    const residents = await findResidents(found, event.target.q.value.trim(), { label: (r) => "选 " + r.name, choose });
    if (residents.length) found.querySelector("button")?.focus();
  } catch (e) {
    say(message, e);
  }
});

function choose(r) {
  chosen = r;
  found.replaceChildren();
  document.getElementById("chosen").textContent = "给 " + r.name + (place(r) ? "（" + place(r) + "）" : "") + " 开通问安电话";
  planForm.hidden = false;
  document.getElementById("schedule").focus();
}

planForm.addEventListener("submit", async (e) => {
  e.preventDefault();
  if (!chosen) return;
  const schedule = planForm.elements.schedule.value.trim();
  const button = document.getElementById("sign-up-button");
  button.disabled = true;
  try {
    const plan = await api("/api/checkins/plans", { method: "POST",
      body: schedule ? { residentId: chosen.id, schedule } : { residentId: chosen.id } });
    say(message, "已给" + plan.resident + "开通问安电话（" + plan.scheduleText + "），第一次 " + when(plan.nextDueAt) + "。", true);
    planForm.reset();
    planForm.hidden = true;
    chosen = null;
  } catch (err) {
    say(message, err);
  } finally {
    button.disabled = false;
  }
  showPlans();
});

signedIn().then((operator) => {
  header(operator);
  writer = may(operator, "checkins.write");
  document.getElementById("sign-up").hidden = !(writer && may(operator, "roster.read"));
  const wanted = new URLSearchParams(location.search).get("day");
  const day = wanted && /^\d{4}-\d{2}-\d{2}$/.test(wanted) ? wanted : "";
  dayField.value = day;
  showDay(day);
  showPlans();
});
