// What every desk page shares: calling the API (the session cookie goes by itself, the CSRF
// token is added to every change), problem+json shown in Chinese, lists followed through their
// `next` links, the page header, and a few words and time formats. No framework: plain DOM.

const ZONE = "Asia/Shanghai";
let csrfToken = null;

/** A refused request: the problem document's Chinese detail, its type and request id. */
export class Problem extends Error {
  constructor(status, doc) {
    super(doc.detail || doc.title || "请求失败（" + status + "）");
    this.status = status;
    this.type = (doc.type || "").replace("https://qiaoqiao.io/problems/", "");
    this.doc = doc;
  }
}

/** Calls the API; answers the parsed JSON, or throws a Problem. */
export async function api(path, { method = "GET", body, contentType = "application/json" } = {}) {
  const headers = { Accept: "application/json, application/problem+json" };
  if (method !== "GET") {
    if (csrfToken) headers["X-CSRF-Token"] = csrfToken;
    if (body !== undefined) headers["Content-Type"] = contentType;
  }
  const payload = body === undefined ? undefined : contentType === "application/json" ? JSON.stringify(body) : body;
  let answer;
  try {
    answer = await fetch(path, { method, headers, body: payload, credentials: "same-origin" });
  } catch (e) {
    throw new Problem(0, { detail: "连不上桥桥服务器，请检查网络后再试" });
  }
  const text = await answer.text();
  const doc = text ? JSON.parse(text) : {};
  if (!answer.ok) {
    doc.requestId = doc.requestId || answer.headers.get("X-Request-Id");
    throw new Problem(answer.status, doc);
  }
  return doc;
}

/** Every item of a list, page after page, following `next` as it is. */
export async function all(path, key) {
  const items = [];
  for (let next = path; next; ) {
    const page = await api(next);
    items.push(...page[key]);
    next = page.next;
  }
  return items;
}

/** The signed-in operator (and the CSRF token kept in memory), or off to the sign-in page. */
export async function signedIn() {
  try {
    const s = await api("/api/session");
    csrfToken = s.csrfToken;
    return s.operator;
  } catch (e) {
    if (e.status === 401) {
      location.href = "index.html?next=" + encodeURIComponent(location.pathname + location.search);
      return new Promise(() => {});
    }
    throw e;
  }
}

export function keepCsrfToken(token) {
  csrfToken = token;
}

export function may(operator, scope) {
  return operator.scopes.includes("*") || operator.scopes.includes(scope);
}

/** Builds an element: el("a", {href: "x"}, "text", child…). Text is always text, never HTML. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "class") node.className = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
  }
  return node;
}

/** Shows a problem (or a success line) in a live region, with the request id for support. */
export function say(region, what, ok = false) {
  region.replaceChildren();
  region.className = ok ? "message ok" : "message error";
  if (what instanceof Problem) {
    region.append(el("span", {}, what.message));
    if (what.doc.requestId) region.append(el("small", {}, " 请求编号 " + what.doc.requestId));
  } else {
    region.append(String(what instanceof Error ? what.message : what));
  }
}

/** A resident's village and group: 南坡村 一组. */
export const place = (r) => [r.village, r.villageGroup].filter(Boolean).join(" ");

/**
 * Lists in `list` the residents `GET /api/residents/search?q=` finds (name, place, phone, the
 * family member's phone it matched), each with a button: `button.label(r)` its words,
 * `button.choose(r)` what it does; `none` when nobody is found. Answers the residents.
 */
export async function findResidents(list, q, button, none = "没有找到这位居民") {
  const answer = await api("/api/residents/search?q=" + encodeURIComponent(q));
  list.replaceChildren(...answer.residents.map((r) => el("li", {},
    el("strong", {}, r.name), " ", place(r), " ", r.phone || "",
    r.viaFamily ? "（家属 " + r.viaFamily + " 的电话）" : "", " ",
    el("button", { type: "button", class: "secondary", onclick: () => button.choose(r) }, button.label(r)))));
  if (answer.residents.length === 0) list.append(el("li", {}, none));
  return answer.residents;
}

const PAGES = [
  ["queue.html", "工作台", "tickets.read"],
  ["new.html", "登记求助", "tickets.write"],
  ["people.html", "人员", "roster.read"],
  ["points.html", "积分", "points.read"],
  ["ledger.html", "晒单", "ledger.read"],
  ["broadcasts.html", "广播", "broadcasts.read"],
  ["helpledger.html", "帮扶台账", "help-ledger.read"],
  ["checkins.html", "问安电话", "checkins.read"],
];

/** The header every signed-in page has: the pages this operator may use, their name, sign-out. */
export function header(operator) {
  const here = location.pathname.split("/").pop();
  const links = PAGES.filter(([, , scope]) => may(operator, scope)).map(([href, label]) =>
    el("a", { href, "aria-current": href === here ? "page" : null }, label));
  const out = el("button", { type: "button", class: "quiet", onclick: async () => {
    await api("/api/session", { method: "DELETE" }).catch(() => {});
    location.href = "index.html";
  } }, "退出");
  document.querySelector("header").replaceChildren(
    el("a", { href: "queue.html", class: "brand" }, "桥桥工作站"),
    el("nav", { "aria-label": "页面" }, links),
    el("span", { class: "who", id: "operator" }, operator.name), out);
}

export const CATEGORY = { ERRAND: "代办", REPAIR: "维修", ADVICE: "代言", MEDIATION: "调解", UNKNOWN: "其他" };
export const URGENCY = { NORMAL: "一般", URGENT: "紧急" };
export const STATUS = {
  open: "新求助", held: "夜间暂存", offered: "等待接单", escalated: "已上报", accepted: "已接单", done: "已办完",
  closed: "已办结", reopened: "重新受理",
};

/** An instant shown in the studio's zone: 11月23日 10:15. */
export function when(instant) {
  if (!instant) return "";
  return new Intl.DateTimeFormat("zh-CN", { timeZone: ZONE, month: "numeric", day: "numeric", hour: "2-digit",
    minute: "2-digit", hour12: false }).format(new Date(instant));
}

export function age(seconds) {
  if (seconds < 3600) return Math.max(0, Math.floor(seconds / 60)) + " 分钟";
  if (seconds < 86400) return Math.floor(seconds / 3600) + " 小时 " + Math.floor((seconds % 3600) / 60) + " 分";
  return Math.floor(seconds / 86400) + " 天 " + Math.floor((seconds % 86400) / 3600) + " 小时";
}

/** "2026-12-03 17:00" typed in the studio's zone → "2026-12-03T17:00+08:00" (Shanghai has no DST). */
export function studioTime(typed) {
  const m = /^\s*(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})\s*$/.exec(typed);
  if (!m) return null;
  return m[1] + "T" + m[2].padStart(2, "0") + ":" + m[3] + "+08:00";
}

/** A form's named fields as an object (empty ones left out). */
export function fields(form) {
  const out = {};
  for (const [k, v] of new FormData(form).entries()) {
    if (typeof v === "string" && v.trim() !== "") out[k] = v.trim();
  }
  return out;
}
