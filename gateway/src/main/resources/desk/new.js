// A request heard in person, on the studio's phone or in WeChat: find the resident, write it
// down, and the gateway routes it like any text.
import { api, el, fields, findResidents, header, place, say, signedIn, CATEGORY, STATUS } from "./desk.js";

const message = document.getElementById("message");
const found = document.getElementById("found");
const chosen = document.getElementById("chosen");
let residentId = null;

function choose(r) {
  residentId = r.id;
  chosen.textContent = "已选：" + r.name + "（" + place(r) + "）";
  found.replaceChildren();
  document.getElementById("text").focus();
}

document.getElementById("find").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    await findResidents(found, event.target.q.value.trim(), { label: (r) => "选 " + r.name, choose },
      "没有找到；可以直接填电话登记");
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
