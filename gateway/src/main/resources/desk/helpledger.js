// A resident's one-to-one help ledger (一对一帮扶台账): find the resident by name or phone (the
// same search as the new-request page), then their recurring items and every occurrence with
// what the paired volunteer answered and how it ended. Read only; the page's address keeps the
// resident (helpledger.html?resident=12), so a reload or a link shows the same ledger.
import { all, api, el, findResidents, header, place, say, signedIn, when, CATEGORY } from "./desk.js";

const OUTCOME = { done: "已办完", in_progress: "正在办", missed: "误期未办", skipped: "跳过" };
const ANSWER = { accepted: "接单", declined: "不接", expired: "没回复", withdrawn: "已撤回", none: "没有问" };
const message = document.getElementById("message");
const found = document.getElementById("found");
const section = document.getElementById("ledger");

/** "2027-02-05" → 2027年2月5日 (a calendar day: no zone to convert). */
function day(iso) {
  if (!iso) return "";
  const [y, m, d] = iso.split("-");
  return y + "年" + Number(m) + "月" + Number(d) + "日";
}

const category = (c) => CATEGORY[String(c).toUpperCase()] || c;

/** The gateway's reason an occurrence moved or was skipped ("holiday: moved to …"), in staff's words. */
function why(reason) {
  if (!reason) return "";
  if (reason === "holiday: kept") return "（节假日照常）";
  return reason.startsWith("holiday") ? "（遇节假日）" : "（" + reason + "）";
}

/** The day an occurrence falls on, and the day its ticket opens when a holiday moved it (or that none opens). */
function dates(nominal, opensOn, reason) {
  const moved = opensOn === null ? "（不开单）" : opensOn && opensOn !== nominal ? "（" + day(opensOn) + "开单）" : "";
  return day(nominal) + moved + why(reason);
}

function itemRow(i) {
  const next = i.next ? dates(i.next.nominal, i.next.opensOn, i.next.reason) : "";
  return el("tr", { "data-item": i.id },
    el("th", { scope: "row" }, i.label),
    el("td", {}, i.scheduleText),
    el("td", {}, i.volunteer || "未结对"),
    el("td", {}, category(i.category)),
    el("td", {}, next),
    el("td", {}, i.active ? "进行中" : "已停止"),
    el("td", {}, i.notes));
}

function occurrenceRow(o) {
  const answer = o.pairedVolunteer ? o.pairedVolunteer + "：" + (ANSWER[o.pairedAnswer] || o.pairedAnswer) : "未结对";
  return el("tr", { "data-occurrence": o.id },
    el("td", {}, dates(o.nominalOn, o.outcome === "skipped" ? null : o.opensOn, null)),
    el("td", {}, o.label),
    el("td", {}, o.ticket ? el("a", { href: "ticket.html?code=" + encodeURIComponent(o.ticket) }, o.ticket) : ""),
    el("td", { "data-answer": o.pairedAnswer }, answer),
    el("td", {}, o.acceptedBy || ""),
    el("td", { "data-outcome": o.outcome }, OUTCOME[o.outcome] || o.outcome, why(o.skipReason)),
    el("td", {}, when(o.doneAt)));
}

function quiet() {
  message.replaceChildren();
  message.className = "message";
}

async function show(residentId) {
  try {
    const path = "/api/help-ledger/residents/" + encodeURIComponent(residentId);
    const first = await api(path);
    // The items come whole with every page; the occurrences a page at a time.
    const occurrences = [...first.occurrences, ...(first.next ? await all(first.next, "occurrences") : [])];
    document.getElementById("who").textContent = first.resident + (place(first) ? "（" + place(first) + "）" : "") + "的帮扶台账";
    document.getElementById("item-rows").replaceChildren(...(first.items.length ? first.items.map(itemRow)
      : [el("tr", {}, el("td", { colspan: 7 }, "这位居民还没有帮扶事项"))]));
    document.getElementById("occurrence-rows").replaceChildren(...(occurrences.length ? occurrences.map(occurrenceRow)
      : [el("tr", {}, el("td", { colspan: 7 }, "还没有到过日子的事项"))]));
    quiet();
    section.hidden = false;
    history.replaceState(null, "", "helpledger.html?resident=" + encodeURIComponent(residentId));
    document.getElementById("who").focus();
  } catch (e) {
    section.hidden = true;
    say(message, e);
  }
}

document.getElementById("find").addEventListener("submit", async (event) => {
  event.preventDefault();
  quiet();
  try {
    const residents = await findResidents(found, event.target.q.value.trim(),
      { label: (r) => "看 " + r.name + " 的台账", choose: (r) => { found.replaceChildren(); show(r.id); } });
    if (residents.length) found.querySelector("button")?.focus();
  } catch (e) {
    say(message, e);
  }
});

signedIn().then((operator) => {
  header(operator);
  const wanted = new URLSearchParams(location.search).get("resident");
  if (wanted && /^\d+$/.test(wanted)) show(wanted);
  else document.getElementById("q").focus();
});
