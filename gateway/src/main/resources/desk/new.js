// A request heard in person, on the studio's phone or in WeChat: find the resident, write it
// down, and the gateway routes it like any text.
import { api, el, fields, header, say, signedIn, CATEGORY, STATUS } from "./desk.js";

const message = document.getElementById("message");
const found = document.getElementById("found");
const chosen = document.getElementById("chosen");
let residentId = null;

function choose(r) {
  residentId = r.id;
  chosen.textContent = "已选：" + r.name + "（" + [r.village, r.villageGroup].filter(Boolean).join(" ") + "）";
  found.replaceChildren();
  document.getElementById("text").focus();
}

document.getElementById("find").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    const answer = await api("/api/residents/search?q=" + encodeURIComponent(event.target.q.value.trim()));
    found.replaceChildren(...answer.residents.map((r) => el("li", {},
      el("strong", {}, r.name), " ", [r.village, r.villageGroup].filter(Boolean).join(" "), " ", r.phone || "",
      r.viaFamily ? "（家属 " + r.viaFamily + " 的电话）" : "", " ",
      el("button", { type: "button", class: "secondary", onclick: () => choose(r) }, "选 " + r.name))));
    if (answer.residents.length === 0) found.append(el("li", {}, "没有找到；可以直接填电话登记"));
  } catch (e) {
    say(message, e);
  }
});

document.getElementById("request").addEventListener("submit", async (event) => {
  event.preventDefault();
  const f = fields(event.target);
  const body = { heardVia: f.heardVia, text: f.text || "", tellResident: event.target.tellResident.checked };
  if (residentId !== null) body.residentId = residentId;
  else if (f.phone) body.phone = f.phone;
  if (f.category) body.category = f.category;
  if (f.urgency) body.urgency = f.urgency;
  try {
    const t = await api("/api/tickets", { method: "POST", body });
    message.replaceChildren();
    say(message, "已登记求助 " + t.code + "（" + (CATEGORY[t.category] || t.category) + "，" + (STATUS[t.status] || t.status) + "）。", true);
    message.append(" ", el("a", { href: "ticket.html?code=" + encodeURIComponent(t.code) }, "打开求助 " + t.code));
    event.target.reset();
    residentId = null;
    chosen.textContent = "还没有选居民。名单里没有的，填电话：";
  } catch (e) {
    say(message, e);
  }
});

signedIn().then(header);
