// Sign-in: on success go where the operator was going (or the queue); on failure show the
// gateway's own Chinese message (wrong name or password, locked until …).
import { api, say, when } from "./desk.js";

const form = document.getElementById("signin");
const message = document.getElementById("message");

function destination() {
  const next = new URLSearchParams(location.search).get("next");
  // Only a page of the desk itself, never another site.
  return next && /^\/desk\/[\w.-]*(\?.*)?$/.test(next) ? next : "queue.html";
}

api("/api/session").then(() => location.replace(destination())).catch(() => {
  document.getElementById("name").focus();
});

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const button = document.getElementById("signin-button");
  button.disabled = true;
  try {
    await api("/api/session", { method: "POST", body: { name: form.name.value.trim(), password: form.password.value } });
    location.replace(destination());
  } catch (e) {
    say(message, e);
    if (e.type === "account-locked" && e.doc.lockedUntil) {
      message.append(" （" + when(e.doc.lockedUntil) + " 以后可以再试）");
    }
    form.password.value = "";
    form.password.focus();
  } finally {
    button.disabled = false;
  }
});
