// The article change form: a private autosave every few seconds while typing, the offer to restore it, a warning
// before leaving with unsaved changes, a live word count and reading time, and who else has the article open.
(function () {
  "use strict";
  const AUTOSAVE_EVERY = 3000, BEAT_EVERY = 8000;
  let config, form, editor = null, dirty = false, changedSinceAutosave = false, activeSinceBeat = true;
  let submitting = false, status = null, lockedOut = false;

  function csrf() {
    const input = document.querySelector("[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function send(url, body, method) {
    return fetch(url, {
      method: method || "POST", credentials: "same-origin",
      headers: { "X-CSRFToken": csrf(), "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(function (response) {
      return response.json().then(function (json) { return response.ok ? json : Promise.reject(json); });
    });
  }
  function time(iso) { return new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }); }
  const SKIP = new Set(["csrfmiddlewaretoken", "loaded_revision"]);

  function fields() {
    const data = {};
    for (const element of form.elements) {
      const name = element.name;
      if (!name || SKIP.has(name) || ["file", "submit", "button"].includes(element.type) || name.includes("__prefix__")) continue;
      if (element.type === "checkbox") data[name] = element.checked ? "on" : "";
      else if (element.type === "radio") { if (element.checked) data[name] = element.value; }
      else if (element.multiple) data[name] = Array.from(element.selectedOptions).map(function (o) { return o.value; });
      else data[name] = element.value;
    }
    if (editor) data.body = editor.getHTML();
    return data;
  }

  function restore(data) {
    for (const [name, value] of Object.entries(data)) {
      if (name === "body" && editor) { editor.commands.setContent(value); continue; }
      const element = form.elements.namedItem(name);
      if (!element || element instanceof RadioNodeList) continue;
      if (element.type === "checkbox") element.checked = value === "on";
      else if (element.multiple) Array.from(element.options).forEach(function (o) { o.selected = value.includes(o.value); });
      else if (element.tagName === "SELECT" && !Array.from(element.options).some(function (o) { return o.value === value; })) continue;
      else element.value = value;
      element.dispatchEvent(new Event("change", { bubbles: true }));
    }
    changed();
  }

  function changed() { dirty = true; changedSinceAutosave = true; activeSinceBeat = true; }

  function say(text) { if (status) status.querySelector(".desk-autosaved").textContent = text; }

  function countWords() {
    if (!status) return;
    const text = editor ? editor.getText() : (form.elements.namedItem("body") || { value: "" }).value;
    const words = text.trim() ? text.trim().split(/\s+/).length : 0;
    const minutes = Math.max(1, Math.ceil(words / config.words_per_minute));
    status.querySelector(".desk-words").textContent = words + (words === 1 ? " word" : " words") + " · " + minutes + " min read";
  }

  function autosave() {
    if (!changedSinceAutosave || submitting || !config.editable || lockedOut) return;
    changedSinceAutosave = false;
    send(config.urls.autosave, { data: fields() }).then(function (answer) {
      say("Autosaved (only you see it) at " + time(answer.saved_at) + ".");
    }).catch(function (problem) {
      changedSinceAutosave = true;
      say("Not autosaved: " + ((problem && problem.detail) || "the server did not answer") + ".");
    });
  }

  function offerAutosave() {
    const offer = config.autosave, box = document.getElementById("desk-autosave-offer");
    if (!offer || !box) return;
    box.hidden = false;
    box.innerHTML = "";
    const text = document.createElement("span");
    text.textContent = "You have unsaved work on this article from " + new Date(offer.saved_at).toLocaleString() + ". ";
    const yes = button("Restore it", "default"), no = button("Discard it");
    yes.addEventListener("click", function () { restore(offer.data); box.hidden = true; say("Restored; save to keep it."); });
    no.addEventListener("click", function () { send(config.urls.autosave, undefined, "DELETE"); box.hidden = true; });
    box.append(text, yes, no);
  }

  function button(label, kind) {
    const b = document.createElement("button");
    b.type = "button"; b.className = "button" + (kind ? " " + kind : ""); b.textContent = label;
    return b;
  }

  function showPresence(state) {
    const box = document.getElementById("desk-presence");
    if (!box) return;
    box.innerHTML = "";
    const lines = [];
    if (state.taken_over_by) {
      lines.push(state.taken_over_by + " took over editing this article. Your changes are autosaved; reload to see theirs.");
    } else if (state.lock && !state.lock.mine) {
      lines.push(state.lock.holder + " is editing since " + time(state.lock.since) + ".");
    }
    state.others.forEach(function (other) {
      if (!other.editing) lines.push(other.name + " has it open since " + time(other.since) + (other.unsaved ? ", with unsaved changes" : "") + ".");
      else if (other.unsaved) lines.push(other.name + " has unsaved changes.");
    });
    lockedOut = Boolean(state.taken_over_by || (state.lock && !state.lock.mine));
    form.querySelectorAll('.submit-row input[type="submit"]').forEach(function (save) { save.disabled = lockedOut; });
    box.hidden = lines.length === 0;
    lines.forEach(function (line) { const p = document.createElement("div"); p.textContent = line; box.append(p); });
    if (lockedOut && state.may_edit) {
      const take = button("Take over", "default");
      take.addEventListener("click", function () {
        const from = state.lock ? state.lock.holder : "the other editor";
        if (!window.confirm("Take over editing from " + from + "? They will be told, and can no longer save.")) return;
        send(config.urls.take_over, {}).then(showPresence);
      });
      box.append(take);
    }
    box.classList.toggle("locked", lockedOut);
  }

  function beat() {
    if (!config.urls.presence) return;
    const active = activeSinceBeat;
    activeSinceBeat = false;
    send(config.urls.presence, { active: active, unsaved: dirty }).then(showPresence).catch(function () {});
  }

  document.addEventListener("prose-editor:ready", function (event) {
    editor = event.detail.editor;
    editor.on("update", function () { changed(); countWords(); });
    countWords();
  });

  document.addEventListener("DOMContentLoaded", function () {
    const script = document.getElementById("desk-config");
    form = document.getElementById("article_form");
    if (!script || !form) return;
    config = JSON.parse(script.textContent);
    status = document.createElement("p");
    status.className = "desk-status help";
    status.innerHTML = '<span class="desk-words"></span> <span class="desk-autosaved"></span>';
    const body = form.querySelector(".field-body") || form.querySelector(".field-body_as_read");
    if (body) body.append(status);
    countWords();
    form.addEventListener("input", changed);
    form.addEventListener("change", function (event) { if (event.isTrusted) changed(); });
    form.addEventListener("submit", function (event) {
      const target = event.submitter && (event.submitter.getAttribute("formtarget") || "");
      if (target !== "_blank") submitting = true;  // a preview opens elsewhere: this page and its edits stay
    });
    window.addEventListener("beforeunload", function (event) {
      if (dirty && !submitting) { event.preventDefault(); event.returnValue = ""; }
    });
    window.addEventListener("pagehide", function () {
      if (!config.urls.leave) return;
      const data = new FormData();
      data.append("csrfmiddlewaretoken", csrf());
      navigator.sendBeacon(config.urls.leave, data);
    });
    offerAutosave();
    setInterval(autosave, AUTOSAVE_EVERY);
    beat();
    setInterval(beat, BEAT_EVERY);
  });
})();
