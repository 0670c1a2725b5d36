// PARTNER progressive enhancement. Every page works without this file.
(function () {
  "use strict";

  function announce(text) {
    var region = document.getElementById("live-region");
    if (!region || !text) return;
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  // After a page load or an htmx swap: an error summary takes focus; otherwise an
  // element marked data-focus does. Swapped regions may carry data-announce.
  function settle() {
    var summary = document.querySelector(".error-summary");
    if (summary) { summary.focus(); return; }
    var focusTarget = document.querySelector("[data-focus]");
    if (focusTarget) focusTarget.focus();
  }

  // Expandable groups: real buttons with aria-expanded controlling a panel.
  function initExpanders(root) {
    root.querySelectorAll("[data-expander]").forEach(function (button) {
      if (button.dataset.ready) return;
      button.dataset.ready = "1";
      var panel = document.getElementById(button.getAttribute("aria-controls"));
      if (!panel) return;
      if (button.getAttribute("aria-expanded") !== "true") panel.hidden = true;
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") === "true";
        button.setAttribute("aria-expanded", open ? "false" : "true");
        panel.hidden = open;
      });
    });
  }

  // Dialogs: a button with data-dialog-open="id" opens <dialog id>; data-dialog-close closes.
  function initDialogs(root) {
    root.querySelectorAll("[data-dialog-open]").forEach(function (opener) {
      if (opener.dataset.ready) return;
      opener.dataset.ready = "1";
      opener.addEventListener("click", function (event) {
        var dialog = document.getElementById(opener.dataset.dialogOpen);
        if (dialog && dialog.showModal) { event.preventDefault(); dialog.showModal(); }
      });
      // Without JavaScript the opener simply submits: the confirmation page was the check.
    });
    // Rendered open (so it shows without JavaScript too); with JavaScript it becomes modal.
    root.querySelectorAll("dialog[data-open-on-load]").forEach(function (dialog) {
      if (!dialog.showModal || dialog.dataset.ready) return;
      dialog.dataset.ready = "1";
      if (dialog.open) dialog.close();
      dialog.showModal();
    });
  }

  function init(root) {
    initExpanders(root);
    initDialogs(root);
  }

  document.addEventListener("DOMContentLoaded", function () {
    init(document);
    settle();
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target || document;
    init(target);
    settle();
    // A swapped fragment says what changed through data-announce on one of its elements.
    var announcer = target.matches && target.matches("[data-announce]") ? target : target.querySelector("[data-announce]");
    if (announcer) announce(announcer.getAttribute("data-announce"));
  });

  document.addEventListener("click", function (event) {
    var closer = event.target.closest ? event.target.closest("[data-dialog-close]") : null;
    if (closer) {
      var dialog = closer.closest("dialog");
      if (dialog) dialog.close();
    }
  });
})();
