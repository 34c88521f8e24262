// Broadcasts (广播): the newest ones with their live counts, read again every few seconds while
// the page is open, a cancel for each one not yet over, and the form for a new typed notice.
// The villages and village groups to choose from are those of the roster's volunteer groups.
import { all, api, el, header, may, say, signedIn, studioTime, when } from "./desk.js";

const POLL_MS = 3000;
const SHOWN = 20;
const STATE = { scheduled: "等待开始", running: "正在打", done: "已播完", cancelled: "已取消" };
const COUNTS = ["total", "queued", "ringing", "heard", "notReached", "texted", "cancelled"];
const message = document.getElementById("message");
const form = document.getElementById("notice");
const rows = document.getElementById("rows");
const live = document.getElementById("live");
const dialog = document.getElementById("cancel-dialog");
let writer = false;
let cancelling = null;

function row(b) {
  const open = b.status === "scheduled" || b.status === "running";
  const action = writer && open
    ? el("button", { type: "button", class: "danger", "data-cancel": b.id, onclick: () => askCancel(b) }, "取消广播")
    : b.cancelReason ? "原因：" + b.cancelReason : "";
  return el("tr", { "data-id": b.id },
    el("td", { class: "n" }, b.id),
    el("td", {}, b.emergency ? el("span", { class: "tag urgent" }, "紧急") : null, b.title),
    el("td", {}, STATE[b.status] || b.status),
    el("td", {}, when(b.startsAt)),
    COUNTS.map((c) => el("td", { class: "n", "data-count": c }, b.counts[c])),
    el("td", {}, action));
}

async function refresh() {
  try {
    const page = await api("/api/broadcasts?limit=" + SHOWN);
    // Keep the keyboard where it was: the rows are rebuilt on every refresh.
    const focused = document.activeElement && document.activeElement.getAttribute("data-cancel");
    rows.replaceChildren(...page.broadcasts.map(row));
    if (focused) rows.querySelector("[data-cancel='" + focused + "']")?.focus();
    live.textContent = "每 " + POLL_MS / 1000 + " 秒自动更新，最近 " + SHOWN + " 次广播；上次更新 "
      + new Date().toLocaleTimeString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false });
  } catch (e) {
    live.textContent = "自动更新失败：" + e.message;
  }
}

function askCancel(b) {
  cancelling = b;
  document.getElementById("cancel-what").textContent = "第 " + b.id + " 号广播“" + b.title + "”：还没打的电话不再打，正在通话的会打完。";
  document.getElementById("cancel-reason").value = "";
  dialog.showModal();
}

document.getElementById("cancel-back").addEventListener("click", () => dialog.close());
document.getElementById("cancel-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const reason = document.getElementById("cancel-reason").value.trim();
  if (!reason || !cancelling) return;
  const b = cancelling;
  dialog.close();
  try {
    await api("/api/broadcasts/" + b.id + "/cancel", { method: "POST", body: { reason } });
    say(message, "已取消第 " + b.id + " 号广播。", true);
  } catch (err) {
    say(message, err);
  }
  refresh();
});

function checkbox(name, value, label) {
  return el("label", { class: "inline" }, el("input", { type: "checkbox", name, value }), label);
}

async function places() {
  const villages = document.getElementById("villages");
  const groups = document.getElementById("village-groups");
  try {
    const list = await all("/api/groups?limit=500", "groups");
    const names = [...new Set(list.map((g) => g.village).filter(Boolean))].sort();
    const pairs = [...new Set(list.flatMap((g) => (g.serves || []).map((s) => JSON.stringify([g.village, s]))))].sort();
    villages.replaceChildren(el("p", {}, "村："), ...names.map((v) => checkbox("village", v, v)));
    groups.replaceChildren(el("p", {}, "村民小组："), ...pairs.map((p) => {
      const [v, g] = JSON.parse(p);
      return checkbox("villageGroup", p, v + g);
    }));
  } catch (e) {
    villages.replaceChildren(el("p", { class: "hint" }, "读不到村和小组的名单（" + e.message + "），只能选独居老人或全镇。"));
  }
}

function audience() {
  const checked = (name) => [...form.querySelectorAll("input[name='" + name + "']:checked")].map((i) => i.value);
  const out = {};
  const villages = checked("village");
  const groups = checked("villageGroup").map((p) => { const [village, group] = JSON.parse(p); return { village, group }; });
  if (villages.length) out.villages = villages;
  if (groups.length) out.villageGroups = groups;
  if (form.elements.livesAlone.checked) out.livesAlone = true;
  if (form.elements.everyone.checked) out.everyone = true;
  return out;
}

for (const radio of form.querySelectorAll("input[name='when']")) {
  radio.addEventListener("change", () => { form.elements.at.disabled = !document.getElementById("when-later").checked; });
}

form.addEventListener("submit", async (e) => {
  e.preventDefault();
  const body = { title: form.elements.title.value.trim(), text: form.elements.text.value.trim(), audience: audience(),
    emergency: form.elements.emergency.checked };
  if (Object.keys(body.audience).length === 0) {
    say(message, "请选择打给谁：村、村民小组、独居老人或全镇");
    return;
  }
  if (document.getElementById("when-later").checked) {
    body.at = studioTime(form.elements.at.value);
    if (!body.at) {
      say(message, "定时请写成 2026-12-03 17:00 这样（北京时间）");
      form.elements.at.focus();
      return;
    }
  }
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const b = await api("/api/broadcasts", { method: "POST", body });
    say(message, "已建立第 " + b.id + " 号广播“" + b.title + "”，" + (b.status === "scheduled" ? "开始时间 " + when(b.startsAt) : STATE[b.status]) + "。", true);
    form.reset();
    form.elements.at.disabled = true;
  } catch (err) {
    say(message, err);
  } finally {
    button.disabled = false;
  }
  refresh();
});

signedIn().then((operator) => {
  header(operator);
  writer = may(operator, "broadcasts.write");
  form.hidden = !writer;
  if (writer) places();
  refresh();
  setInterval(refresh, POLL_MS);
});
