// The sandbox chat page: draws the chats from the server's event stream, sends what the
// user types or taps. Text is always set with textContent: nothing from a chat is HTML.
"use strict";

const state = { users: [], team: null, commands: [], messages: new Map(), current: null, unread: 0 };
const $ = (id) => document.getElementById(id);

function currentUser() {
  return state.users.find((u) => u.id === state.current) || state.users[0];
}

function key(view) {
  return view.chat_id + ":" + view.message_id;
}

async function post(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    showToast(problem.error || "The sandbox refused that (" + response.status + ")");
  }
}

// -- drawing ------------------------------------------------------------------------------
function logFor(chatId) {
  if (state.team && chatId === state.team.chat_id) return $("team-log");
  const user = currentUser();
  return user && chatId === user.chat_id ? $("private-log") : null;
}

function time(epoch) {
  return new Date(epoch * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

function messageElement(view) {
  const item = document.createElement("li");
  item.className = "msg " + (view.from_bot ? "bot" : "me");
  item.dataset.id = String(view.message_id);
  const bubble = document.createElement("div");
  bubble.className = "bubble";
  if (!view.from_bot && state.team && view.chat_id === state.team.chat_id) {
    const who = document.createElement("p");
    who.className = "sender";
    who.textContent = view.sender;
    bubble.append(who);
  }
  if (view.photo) {
    const link = document.createElement("a");
    link.href = view.photo.url;
    link.target = "_blank";
    link.rel = "noopener";
    const image = document.createElement("img");
    image.src = view.photo.url;
    image.alt = view.caption ? "Photo: " + view.caption : "Photo";
    link.append(image);
    bubble.append(link);
  }
  if (view.document) {
    const link = document.createElement("a");
    link.href = view.document.url;
    link.download = view.document.name;
    link.className = "file";
    link.textContent = "📄 " + view.document.name;
    bubble.append(link);
  }
  if (view.location) {
    const place = document.createElement("p");
    place.textContent = "📍 " + view.location.latitude + ", " + view.location.longitude;
    bubble.append(place);
  }
  const words = view.text ?? view.caption;
  if (words) {
    const text = document.createElement("p");
    text.className = "text";
    text.textContent = words;
    bubble.append(text);
  }
  const meta = document.createElement("p");
  meta.className = "meta";
  meta.textContent = (view.edited ? "edited " : "") + time(view.date);
  bubble.append(meta);
  item.append(bubble);
  if (view.buttons && view.buttons.length) item.append(keyboard(view));
  return item;
}

function keyboard(view) {
  const board = document.createElement("div");
  board.className = "keyboard";
  board.setAttribute("role", "group");
  board.setAttribute("aria-label", "Buttons");
  for (const row of view.buttons) {
    const line = document.createElement("div");
    line.className = "row";
    for (const button of row) {
      let control;
      if (button.inline !== undefined) {
        // Inline mode needs Telegram's app: the page has no inline results to show.
        control = document.createElement("button");
        control.type = "button";
        control.disabled = true;
        control.title = "Inline mode (@bot name) works in Telegram, not in the sandbox";
      } else if (button.url) {
        control = document.createElement("a");
        control.href = button.url;
        control.target = "_blank";
        control.rel = "noopener";
      } else {
        control = document.createElement("button");
        control.type = "button";
        control.addEventListener("click", () => {
          control.classList.add("pending");
          post("/api/taps", {
            user: currentUser().id, chat: view.chat_id, message_id: view.message_id, data: button.data,
          });
        });
      }
      control.className = (control.className + " key").trim();
      control.textContent = button.text;
      line.append(control);
    }
    board.append(line);
  }
  return board;
}

function place(view) {
  const log = logFor(view.chat_id);
  if (!log) return false;
  const old = log.querySelector('li[data-id="' + view.message_id + '"]');
  if (view.deleted) {
    if (old) old.remove();
    return false;
  }
  const fresh = messageElement(view);
  if (old) {
    old.replaceWith(fresh);
    return false;
  }
  const later = [...log.children].find((li) => Number(li.dataset.id) > view.message_id);
  log.insertBefore(fresh, later || null);
  fresh.scrollIntoView({ block: "end" });
  return true;
}

function drawChats() {
  $("private-log").replaceChildren();
  $("team-log").replaceChildren();
  const views = [...state.messages.values()].sort((a, b) => a.message_id - b.message_id);
  for (const view of views) place(view);
  const user = currentUser();
  if (user) {
    $("private-sub").textContent =
      "Private chat of " + user.first_name + " · " + user.name + " (" + user.salesperson + "), " + user.role;
  }
}

function drawMenu() {
  const menu = $("menu");
  menu.replaceChildren();
  for (const command of state.commands) {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    const name = document.createElement("span");
    name.className = "command";
    name.textContent = "/" + command.command;
    const about = document.createElement("span");
    about.textContent = command.description;
    button.append(name, about);
    button.addEventListener("click", () => {
      closeMenu();
      send("/" + command.command);
    });
    item.append(button);
    menu.append(item);
  }
}

function drawUsers() {
  const select = $("user");
  select.replaceChildren();
  for (const user of state.users) {
    const option = document.createElement("option");
    option.value = String(user.id);
    option.textContent = user.first_name + " — " + user.role;
    select.append(option);
  }
  select.value = String(currentUser().id);
}

// -- events from the server -----------------------------------------------------------------
function applySnapshot(snapshot) {
  state.users = snapshot.users;
  state.team = snapshot.team;
  state.commands = snapshot.commands;
  if (!state.users.some((u) => u.id === state.current)) state.current = state.users[0].id;
  state.messages = new Map(snapshot.messages.map((view) => [key(view), view]));
  $("team-title").textContent = snapshot.team ? snapshot.team.title : "Team group";
  const notice = $("notice");
  notice.textContent = snapshot.notice;
  notice.hidden = !snapshot.notice;
  drawUsers();
  drawMenu();
  drawChats();
  setStatus("");
}

function onMessage(view) {
  state.messages.set(key(view), view);
  const added = place(view);
  if (added && state.team && view.chat_id === state.team.chat_id && !teamVisible()) {
    state.unread += 1;
    const badge = $("team-unread");
    badge.textContent = String(state.unread);
    badge.hidden = false;
  }
}

function onAnswer(answer) {
  if (answer.user_id !== currentUser().id) return;
  document.querySelectorAll(".key.pending").forEach((key) => key.classList.remove("pending"));
  if (!answer.text) return;
  if (answer.show_alert) {
    $("alert-text").textContent = answer.text;
    $("alert").showModal();
  } else {
    showToast(answer.text);
  }
}

let toastTimer = 0;
function showToast(text) {
  const toast = $("toast");
  toast.textContent = text;
  toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { toast.hidden = true; }, 4000);
}

function setStatus(text) {
  $("status").textContent = text;
  $("status").hidden = !text;
}

function connect() {
  const events = new EventSource("/api/events");
  events.addEventListener("snapshot", (e) => applySnapshot(JSON.parse(e.data)));
  events.addEventListener("message", (e) => onMessage(JSON.parse(e.data)));
  events.addEventListener("answer", (e) => onAnswer(JSON.parse(e.data)));
  events.onerror = () => setStatus("Connection to the sandbox lost; reconnecting…");
}

// -- the user acting ------------------------------------------------------------------------
function send(text) {
  if (!text.trim()) return;
  post("/api/messages", { user: currentUser().id, text });
}

async function attach(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  post("/api/attachments", {
    user: currentUser().id,
    kind: file.type.startsWith("image/") ? "photo" : "document",
    name: file.name,
    mime_type: file.type,
    base64: btoa(binary),
  });
}

function closeMenu() {
  $("menu").hidden = true;
  $("menu-button").setAttribute("aria-expanded", "false");
}

function teamVisible() {
  return !window.matchMedia("(max-width: 720px)").matches || document.body.dataset.tab === "team";
}

function showTab(name) {
  document.body.dataset.tab = name;
  $("tab-private").setAttribute("aria-pressed", String(name === "private"));
  $("tab-team").setAttribute("aria-pressed", String(name === "team"));
  if (name === "team") {
    state.unread = 0;
    $("team-unread").hidden = true;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("composer").addEventListener("submit", (e) => {
    e.preventDefault();
    const input = $("text");
    send(input.value);
    input.value = "";
    input.focus();
  });
  $("menu-button").addEventListener("click", () => {
    const menu = $("menu");
    menu.hidden = !menu.hidden;
    $("menu-button").setAttribute("aria-expanded", String(!menu.hidden));
    if (!menu.hidden) menu.querySelector("button")?.focus();
  });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !$("menu").hidden) {
      closeMenu();
      $("menu-button").focus();
    }
  });
  $("attach").addEventListener("click", () => $("file").click());
  $("file").addEventListener("change", (e) => {
    if (e.target.files.length) attach(e.target.files[0]);
    e.target.value = "";
  });
  $("user").addEventListener("change", (e) => {
    state.current = Number(e.target.value);
    drawChats();
  });
  $("tab-private").addEventListener("click", () => showTab("private"));
  $("tab-team").addEventListener("click", () => showTab("team"));
  showTab("private");
  connect();
});
