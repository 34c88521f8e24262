// One ticket: its facts, the whole timeline (events, texts out with their delivery state, texts
// in, calls), the recording, and the studio's actions. Every action is one API call; the page
// then reads the ticket again, so what is shown is what the gateway has.
import { all, api, el, fields, header, may, say, signedIn, studioTime, when, CATEGORY, STATUS, URGENCY } from "./desk.js";

const code = new URLSearchParams(location.search).get("code");
const message = document.getElementById("message");
const SECRET = () => el("span", { class: "secret" }, "保密");

const EVENT = {
  created: "收到求助", routed: "路由", offered: "发出接单邀请", accepted: "志愿者接单", declined: "志愿者不接",
  reassigned: "改派", deadline_set: "设定期限", reminded: "提醒", escalated: "上报", handed_up: "转交上级",
  done: "志愿者报告办完", rated: "评价", closed: "办结", reopened: "重新受理", note: "记录", desk_intake: "工作站登记",
  held: "夜间暂存", expired: "邀请过期", withdrawn: "撤回邀请", follow_up: "补充",
};
const DELIVERY = { pending: "待发", sending: "发送中", sent: "已发出", delivered: "已送达", failed: "发送失败" };
const HEARD = { in_person: "当面", phone: "电话", wechat: "微信" };
const DISTANCE = { "same-village-group": "同组", "same-village": "同村", "other-village": "外村", unknown: "不明" };

function describe(e) {
  const d = e.detail || {};
  const parts = [];
  if (d.text) parts.push("“" + d.text + "”");
  if (d.callId) parts.push(d.recording ? "又来电留言" : "又来电");
  if (d.reason) parts.push("原因：" + d.reason);
  if (d.heardVia) parts.push("来源：" + (HEARD[d.heardVia] || d.heardVia));
  if (d.volunteer) parts.push("志愿者：" + d.volunteer);
  if (d.dueAt) parts.push("期限：" + when(d.dueAt));
  if (d.satisfaction) parts.push("满意度 " + d.satisfaction);
  if (d.kind) parts.push("方式：" + d.kind);
  return parts.join("，");
}

// An actor such as sms:+8613900001001 shown masked, like every phone in the timeline.
const masked = (who) => who && who.replace(/(\+\d{5,})\d{4}(\d{4})\b/, "$1****$2");

function item(at, title, who, ...body) {
  return { at, node: el("li", {}, el("span", { class: "at" }, when(at)), el("strong", {}, title), " ",
    who ? el("span", { class: "who" }, "（" + masked(who) + "）") : null, el("div", {}, ...body)) };
}

async function timeline(ticket) {
  const [sent, received] = await Promise.all([
    all("/api/tickets/" + code + "/sent", "sent"), all("/api/tickets/" + code + "/received", "received")]);
  const items = ticket.events.map((e) => item(e.at, EVENT[e.type] || e.type, e.actor, describe(e)));
  for (const m of sent) {
    const what = m.channel === "call" ? "打出电话" : "发出短信";
    const state = m.callResult ? "通话结果：" + m.callResult : DELIVERY[m.status] || m.status;
    items.push(item(m.createdAt, what + " → " + (m.toName || "") + " " + m.to, m.purpose,
      m.body === null ? SECRET() : "“" + m.body + "”", el("div", { class: "delivery" }, "状态：" + state)));
  }
  for (const m of received) {
    items.push(item(m.receivedAt, "收到短信 ← " + (m.fromName || "") + " " + m.from, null,
      m.body === null ? SECRET() : "“" + m.body + "”"));
  }
  items.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  document.getElementById("timeline").replaceChildren(...items.map((i) => i.node));
}

function facts(t) {
  const pairs = [
    ["状态", STATUS[t.status] || t.status], ["类别", CATEGORY[t.category] || t.category],
    ["紧急程度", URGENCY[t.urgency] || t.urgency], ["居民", t.resident || "（未登记）"],
    ["地点", [t.village, t.villageGroup].filter(Boolean).join(" ")], ["志愿者", t.volunteer || "—"],
    ["内容", t.redacted ? SECRET() : t.text || ""], ["收到", when(t.createdAt)], ["期限", when(t.dueAt) || "—"],
  ];
  if (t.rating) pairs.push(["评价", (t.rating.done ? "办好了" : "没办好") + (t.rating.satisfaction ? "，满意度 " + t.rating.satisfaction : "")]);
  document.getElementById("facts").replaceChildren(...pairs.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
  const rec = document.getElementById("recording");
  rec.replaceChildren();
  if (t.hasRecording) {
    rec.append(el("h2", {}, "录音"), t.redacted ? SECRET()
      : t.recording !== null ? el("audio", { controls: true, preload: "none", src: "/api/tickets/" + code + "/recording" }, "浏览器放不了录音")
      : el("p", {}, "没有听录音的权限"));
  }
}

async function candidates() {
  const box = document.getElementById("candidates");
  try {
    const c = await api("/api/tickets/" + code + "/candidates");
    if (c.ranked.length === 0) {
      box.replaceChildren(el("p", {}, "现在没有可选的志愿者"));
      return;
    }
    const rows = c.ranked.map((v) => el("tr", {},
      el("td", {}, el("input", { type: "radio", name: "volunteerId", value: v.volunteerId, id: "candidate-" + v.volunteerId,
        form: "reassign", required: true })),
      el("td", {}, el("label", { for: "candidate-" + v.volunteerId, class: "inline" }, v.name + (v.leader ? "（组长）" : ""))),
      el("td", {}, v.group), el("td", {}, DISTANCE[v.distance] || v.distance), el("td", { class: "n" }, v.openTickets),
      el("td", { class: "n" }, v.score.toFixed(2))));
    box.replaceChildren(el("div", { class: "scroll" }, el("table", { id: "candidate-table" },
      el("thead", {}, el("tr", {}, ["选", "姓名", "小组", "距离", "手上件数", "得分"].map((h) => el("th", {}, h)))),
      el("tbody", {}, rows))));
  } catch (e) {
    box.replaceChildren(el("p", {}, e.message));
  }
}

async function show() {
  const t = await api("/api/tickets/" + encodeURIComponent(code));
  document.getElementById("title").textContent = "求助 " + t.code;
  document.title = "求助 " + t.code + " · 桥桥工作站";
  facts(t);
  await timeline(t);
  return t;
}

function act(id, path, body) {
  document.getElementById(id).addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    message.replaceChildren();
    try {
      const b = body(fields(form), form);
      if (!b) return;
      await api("/api/tickets/" + code + "/" + path, { method: "POST", body: b });
      form.reset();
      say(message, "已" + form.querySelector("button").textContent + "。", true);
      await show();
      await candidates();
    } catch (e) {
      say(message, e);
    }
  });
}

act("reassign", "reassign", (f) => ({ volunteerId: Number(f.volunteerId), reason: f.reason || "" }));
act("deadline", "deadline", (f) => {
  const dueAt = studioTime(f.due || "");
  if (!dueAt) {
    say(message, "期限请写成 2026-12-03 17:00 这样");
    return null;
  }
  return { dueAt, reason: f.reason || "" };
});
act("note", "note", (f) => ({ text: f.text || "" }));
act("rating", "rating", (f) => ({ done: f.done === "true", ...(f.satisfaction ? { satisfaction: Number(f.satisfaction) } : {}) }));
act("close", "close", (f) => ({ kind: f.kind, reason: f.reason || "" }));
act("reopen", "reopen", (f) => ({ reason: f.reason || "" }));

signedIn().then(async (operator) => {
  header(operator);
  try {
    await show();
    if (may(operator, "tickets.write")) {
      document.getElementById("actions").hidden = false;
      await candidates();
    }
  } catch (e) {
    say(message, e);
  }
});
