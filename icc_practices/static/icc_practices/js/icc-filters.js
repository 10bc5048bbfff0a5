/*
 * icc-practices: progressive enhancement of the practice index.
 *
 * Without this script the filter form is an ordinary GET form. With it, ticking an
 * option, changing the order, searching, paginating or removing a filter fetches the
 * same URL, swaps in the new form and results, keeps the address in sync (history),
 * keeps focus where the visitor was, and announces the new result count.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-icc-index]");
  if (!root || !window.fetch || !window.history.pushState || !window.DOMParser) {
    return;
  }
  root.classList.add("icc-js");
  var live = root.querySelector("[data-icc-live]");
  var pending = null;
  var sortTimer = null;

  function formUrl(form) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (value !== "") {
        params.append(name, value);
      }
    });
    var query = params.toString();
    return form.action.split("?")[0] + (query ? "?" + query : "");
  }

  function openFacets() {
    var names = [];
    root.querySelectorAll("details[data-icc-facet][open]").forEach(function (details) {
      names.push(details.getAttribute("data-icc-facet"));
    });
    return names;
  }

  function currentAddress() {
    // The page's address without its fragment: a jump to an anchor is not new results.
    return window.location.href.split("#")[0];
  }

  function usable(element) {
    if (!element || element.disabled) {
      return false;
    }
    // Inside a closed <details> an element still has boxes, but cannot take focus.
    return element.checkVisibility
      ? element.checkVisibility()
      : element.getClientRects().length > 0;
  }

  function focusTarget(focus) {
    if (focus && focus.name) {
      var fields = root.querySelectorAll("[name='" + focus.name + "']");
      for (var i = 0; i < fields.length; i++) {
        if (focus.value === undefined || fields[i].value === focus.value) {
          // Reopen the facet the field is in, never the narrow screens' filter panel.
          var details = fields[i].closest("details[data-icc-facet]");
          if (details) {
            details.open = true;
          }
          if (usable(fields[i])) {
            return { element: fields[i], scroll: false };
          }
        }
      }
    }
    // In the dialog (reset, say) focus stays in it, on the button that shows the results.
    if (dialogOpen()) {
      return { element: dialog.querySelector("[data-icc-show]"), scroll: false };
    }
    // Otherwise (pagination, removing a filter, reset): the results heading.
    return { element: root.querySelector("[data-icc-count]"), scroll: true };
  }

  function hideApplyButtons() {
    root.querySelectorAll("[data-icc-apply]").forEach(function (button) {
      button.hidden = true;
    });
  }

  function swap(doc, keepOpen) {
    var fresh = doc.querySelector("[data-icc-index]");
    if (!fresh) {
      return false;
    }
    ["[data-icc-filters]", "[data-icc-filters-toggle]", "[data-icc-results]"].forEach(function (selector) {
      var current = root.querySelector(selector);
      var replacement = fresh.querySelector(selector);
      if (current && replacement) {
        var hadFocus = current === document.activeElement;
        var imported = document.importNode(replacement, true);
        current.replaceWith(imported);
        if (hadFocus && selector === "[data-icc-filters-toggle]") {
          imported.focus({ preventScroll: true });
        }
      }
    });
    describeToggle();
    keepOpen.forEach(function (name) {
      var details = root.querySelector("details[data-icc-facet='" + name + "']");
      if (details) {
        details.open = true;
      }
    });
    hideApplyButtons();
    showDialogButtons();
    // What lives in the results (the map's zoom) sets itself up again.
    document.dispatchEvent(new CustomEvent("icc:results-updated"));
    return true;
  }

  function announce(text) {
    if (!live) {
      return;
    }
    // Clear first so that an unchanged count ("12 practices" on page 2) is read again.
    live.textContent = "";
    window.setTimeout(function () {
      live.textContent = text;
    }, 150);
  }

  function setBusy(busy) {
    var results = root.querySelector("[data-icc-results]");
    if (results) {
      if (busy) {
        results.setAttribute("aria-busy", "true");
      } else {
        results.removeAttribute("aria-busy");
      }
    }
  }

  function load(url, options) {
    options = options || {};
    window.clearTimeout(sortTimer);
    if (pending) {
      pending.abort();
    }
    var controller = window.AbortController ? new AbortController() : null;
    pending = controller;
    var keepOpen = openFacets();
    setBusy(true);
    return fetch(url, {
      credentials: "same-origin",
      signal: controller ? controller.signal : undefined,
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        if (!swap(doc, keepOpen)) {
          window.location.assign(url);
          return;
        }
        if (options.push !== false) {
          var same = new URL(url, window.location.href).href === currentAddress();
          window.history[same ? "replaceState" : "pushState"]({ iccIndex: true }, "", url);
          loadedAddress = currentAddress();
        }
        if (doc.title) {
          document.title = doc.title;
        }
        var count = root.querySelector("[data-icc-count]");
        if (count) {
          announce(count.textContent.trim());
        }
        var target = focusTarget(options.focus);
        var onToggle = document.activeElement &&
          document.activeElement.hasAttribute("data-icc-filters-toggle");
        // A visitor who closed the dialog while this loaded stays on the Filters button.
        if (target.element && !(onToggle && !dialogOpen())) {
          target.element.focus({ preventScroll: !target.scroll });
          if (target.scroll) {
            target.element.scrollIntoView({ block: "start" });
          }
        }
      })
      .catch(function (error) {
        if (error.name !== "AbortError") {
          window.location.assign(url);
        }
      })
      .finally(function () {
        if (pending === controller) {
          pending = null;
          setBusy(false);
        }
      });
  }

  // Narrow screens: the "Filters" button opens the form in a modal dialog. The form moves
  // into the dialog and back, so that one form (and one set of names) serves both.
  var narrow = window.matchMedia("(max-width: 59.99rem)");
  var dialog = null;

  function dialogOpen() {
    return dialog !== null && dialog.open;
  }

  function showDialogButtons() {
    if (dialogOpen()) {
      dialog.querySelectorAll("[data-icc-show]").forEach(function (button) {
        button.hidden = false;
      });
    }
  }

  function pageBackground(element) {
    // The first ancestor with a background of its own: the host's page colour.
    for (var node = element; node && node.nodeType === 1; node = node.parentElement) {
      var colour = window.getComputedStyle(node).backgroundColor;
      if (colour && colour !== "transparent" && colour !== "rgba(0, 0, 0, 0)") {
        return colour;
      }
    }
    return "";
  }

  function openDialog() {
    if (!dialog) {
      dialog = document.createElement("dialog");
      dialog.className = "icc-filters-dialog";
      dialog.setAttribute("aria-labelledby", "icc-filters-heading");
      dialog.addEventListener("close", closedDialog);
      root.appendChild(dialog);
    }
    matchBackground();
    dialog.appendChild(root.querySelector("[data-icc-filters]"));
    dialog.showModal();
    showDialogButtons();
    var first = dialog.querySelector("input, select, button");
    if (first) {
      first.focus();
    }
  }

  function matchBackground() {
    // Measured at each opening: the host's theme may have changed since (light to dark).
    dialog.style.removeProperty("--icc-dialog-bg");
    if (!window.getComputedStyle(root).getPropertyValue("--icc-dialog-bg").trim()) {
      var background = pageBackground(root);
      if (background) {
        dialog.style.setProperty("--icc-dialog-bg", background);
      }
    }
  }

  function closedDialog() {
    window.clearTimeout(sortTimer);
    var panel = root.querySelector("[data-icc-filters-panel]");
    var form = dialog.querySelector("[data-icc-filters]");
    if (panel && form) {
      panel.appendChild(form);
      form.querySelectorAll("[data-icc-show]").forEach(function (button) {
        button.hidden = true;
      });
    }
    // The browser returns focus to the button that opened the dialog; if a swap replaced
    // it meanwhile, or a wider window hid it, focus would fall to <body>.
    var focused = document.activeElement;
    if (!focused || focused === document.body || !root.contains(focused)) {
      var toggle = root.querySelector("[data-icc-filters-toggle]");
      var fallback = narrow.matches && usable(toggle) ? toggle : root.querySelector("#icc-q");
      if (fallback) {
        fallback.focus({ preventScroll: true });
      }
    }
  }

  function describeToggle() {
    // With the script, the Filters button opens a dialog rather than a disclosure.
    var toggle = root.querySelector("[data-icc-filters-toggle]");
    if (toggle && window.HTMLDialogElement) {
      toggle.setAttribute("role", "button");
      toggle.setAttribute("aria-haspopup", "dialog");
    }
  }

  function searchEdited(input) {
    // "Show N practices" counts the last search made: a search typed since says so.
    var show = dialog && dialog.querySelector("[data-icc-show]");
    if (!show) {
      return;
    }
    if (!show.hasAttribute("data-icc-count-label")) {
      show.setAttribute("data-icc-count-label", show.textContent);
    }
    var searched = new URLSearchParams(window.location.search).get("q") || "";
    show.textContent = input.value.trim() === searched.trim()
      ? show.getAttribute("data-icc-count-label")
      : show.getAttribute("data-icc-search-label");
  }

  function showResults() {
    dialog.close();
    var count = root.querySelector("[data-icc-count]");
    if (count) {
      count.focus({ preventScroll: true });
      count.scrollIntoView({ block: "start" });
    }
  }

  if (window.HTMLDialogElement) {
    root.addEventListener("click", function (event) {
      var toggle = event.target.closest("[data-icc-filters-toggle]");
      if (toggle && narrow.matches) {
        event.preventDefault();
        openDialog();
      }
    });
    narrow.addEventListener("change", function () {
      if (!narrow.matches && dialogOpen()) {
        dialog.close();
      }
    });
    window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", function () {
      if (dialogOpen()) {
        matchBackground();
      }
    });
    root.addEventListener("input", function (event) {
      if (dialogOpen() && event.target.name === "q") {
        searchEdited(event.target);
      }
    });
    describeToggle();
  }

  hideApplyButtons();

  root.addEventListener("change", function (event) {
    var field = event.target;
    var form = field.form;
    if (!form || !form.hasAttribute("data-icc-filter-form") || field.name === "q") {
      return;
    }
    if (field.tagName === "SELECT") {
      // Arrow keys on a closed menu fire "change" on some systems: wait until it settles.
      window.clearTimeout(sortTimer);
      sortTimer = window.setTimeout(function () {
        load(formUrl(form), { focus: { name: field.name } });
      }, 600);
      return;
    }
    load(formUrl(form), { focus: { name: field.name, value: field.value } });
  });

  root.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-icc-filter-form")) {
      return;
    }
    event.preventDefault();
    window.clearTimeout(sortTimer);
    var url = formUrl(form);
    if (dialogOpen()) {
      // "Show N practices": the results behind already follow each change, unless the
      // search words changed without a search.
      var current = currentAddress();
      showResults();
      if (url !== current) {
        load(url, {});
      }
      return;
    }
    load(url, { focus: { name: "q" } });
  });

  root.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-icc-nav]");
    if (!link || event.defaultPrevented || event.button !== 0 ||
        event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    load(link.href, {});
  });

  // Mark the entry the page loaded with, so that Back to it reloads the results too.
  if (!window.history.state || !window.history.state.iccIndex) {
    window.history.replaceState({ iccIndex: true }, "", window.location.href);
  }
  var loadedAddress = currentAddress();
  window.addEventListener("popstate", function (event) {
    var address = currentAddress();
    // A jump to an in-page anchor (a skip link, say) is not a change of results.
    if (!event.state || !event.state.iccIndex || address === loadedAddress) {
      return;
    }
    loadedAddress = address;
    load(window.location.href, { push: false });
  });
})();
