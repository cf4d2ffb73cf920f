// The workspace's single-key shortcuts can be turned off or given other keys (WCAG 2.1.4), in the
// shortcut list; the choice is kept in this browser. The usual keys are those the list's fields hold
// in the page (templates/_macros/shortcuts.html); every <kbd data-shortcut> hint shows the key in use.
(function () {
  "use strict";
  var STORE = "factcheck.shortcuts";
  var dialog = document.getElementById("shortcuts");
  var form = document.getElementById("shortcut-settings");
  if (!form) { return; }
  var fields = Array.prototype.slice.call(form.querySelectorAll("input[data-action]"));
  var switchOn = form.querySelector("#shortcuts-on");
  var problemBox = form.querySelector("[data-settings-problem]");
  var savedBox = form.querySelector("[data-settings-saved]");
  var usual = {};
  fields.forEach(function (field) { usual[field.dataset.action] = field.defaultValue; });

  function characters(text) { return Array.from ? Array.from(text) : text.split(""); }

  // What is wrong with a set of keys: the actions at fault and why, in words; null when nothing is.
  function problem(keys) {
    var seen = {};
    for (var i = 0; i < fields.length; i++) {
      var action = fields[i].dataset.action, key = keys[action];
      var label = fields[i].labels[0].textContent;
      if (typeof key !== "string" || characters(key).length !== 1 || !key.trim()) {
        return { actions: [action], message: label + ": give one character (a letter, a digit or a sign)." };
      }
      if (seen[key]) {
        return {
          actions: [seen[key].action, action],
          message: seen[key].label + " and " + label + " have the same key, " + key + ": give each its own.",
        };
      }
      seen[key] = { action: action, label: label };
    }
    return null;
  }

  function load() {
    var saved = null;
    try { saved = JSON.parse(window.localStorage.getItem(STORE)); } catch (error) { saved = null; }
    var keys = {};
    Object.keys(usual).forEach(function (action) {
      keys[action] = saved && saved.keys && saved.keys[action] ? saved.keys[action] : usual[action];
    });
    if (problem(keys)) { keys = Object.assign({}, usual); }  // a list edited by hand, or outdated
    return { on: !(saved && saved.on === false), keys: keys };
  }

  function store() {
    try {
      window.localStorage.setItem(STORE, JSON.stringify(settings));
      return true;
    } catch (error) {
      return false;  // storage refused (a private window): the choice holds for this page only
    }
  }

  var settings = load();

  // Every hint shows the key in use; outside the list, hints go while the keys are off.
  function show(root) {
    (root || document).querySelectorAll("kbd[data-shortcut]").forEach(function (kbd) {
      kbd.textContent = settings.keys[kbd.dataset.shortcut] || kbd.textContent;
      if (!dialog || !dialog.contains(kbd)) {
        (kbd.closest(".key-hint") || kbd).hidden = !settings.on;
      }
    });
    if (dialog) { dialog.querySelectorAll(".keys-off").forEach(function (note) { note.hidden = settings.on; }); }
  }

  // The list's fields show what is in use each time the list opens.
  function fillForm() {
    switchOn.checked = settings.on;
    fields.forEach(function (field) {
      field.value = settings.keys[field.dataset.action];
      field.removeAttribute("aria-invalid");
    });
    problemBox.hidden = true;
    savedBox.textContent = "";
  }

  function saved(message) {
    show(document);
    savedBox.textContent = store() ? message : message + " (for this page only: this browser keeps nothing)";
  }

  switchOn.addEventListener("change", function () {
    settings.on = switchOn.checked;
    saved(settings.on ? "Shortcuts on." : "Shortcuts off.");
  });

  // A key field holds one character: the last one typed replaces what was there.
  fields.forEach(function (field) {
    field.addEventListener("input", function () {
      var typed = characters(field.value.trim());
      if (typed.length > 1) { field.value = typed[typed.length - 1]; }
    });
    field.addEventListener("focus", function () { field.select(); });
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var keys = {};
    fields.forEach(function (field) {
      keys[field.dataset.action] = field.value.trim();
      field.removeAttribute("aria-invalid");
    });
    var wrong = problem(keys);
    problemBox.hidden = !wrong;
    if (wrong) {
      problemBox.textContent = wrong.message;
      wrong.actions.forEach(function (action) {
        form.querySelector('[data-action="' + action + '"]').setAttribute("aria-invalid", "true");
      });
      form.querySelector('[data-action="' + wrong.actions[0] + '"]').focus();
      savedBox.textContent = "";
      return;
    }
    settings.keys = keys;
    saved("Keys saved.");
  });

  form.querySelector("[data-settings-reset]").addEventListener("click", function () {
    settings = { on: true, keys: Object.assign({}, usual) };
    fillForm();
    saved("The usual keys are back.");
  });

  function openList() {
    if (!dialog || !dialog.showModal || dialog.open) { return; }
    fillForm();
    dialog.showModal();
    // Its heading first (read out, and the list from its top), not the switch below it.
    dialog.querySelector("h2").focus();
  }
  document.querySelectorAll("[data-open-shortcuts]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", openList);
  });
  document.addEventListener("panel-swapped", function (event) { show(event.target); });
  show(document);

  window.factcheckShortcuts = {
    // The action a key press asks for, or null: none while the keys are off or the list is open.
    action: function (event) {
      if (!settings.on || (dialog && dialog.open)) { return null; }
      var found = null;
      Object.keys(settings.keys).forEach(function (action) {
        if (settings.keys[action] === event.key) { found = action; }
      });
      return found;
    },
    openList: openList,
  };
})();
