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

  function formUrl(form) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (value !== "") {
        params.append(name, value);
      }
    });
    // Leave out the default order, as the server's own links do.
    if (params.get("sort") === (params.get("q") ? "relevance" : "newest")) {
      params.delete("sort");
    }
    var query = params.toString();
    return form.action.split("?")[0] + (query ? "?" + query : "");
  }

  function findFocusTarget(focus) {
    if (!focus) {
      return null;
    }
    if (focus.name) {
      var fields = root.querySelectorAll("[name='" + focus.name + "']");
      for (var i = 0; i < fields.length; i++) {
        if (focus.value === undefined || fields[i].value === focus.value) {
          return fields[i];
        }
      }
    }
    return root.querySelector("[data-icc-count]");
  }

  function swap(doc) {
    var fresh = doc.querySelector("[data-icc-index]");
    if (!fresh) {
      return false;
    }
    ["[data-icc-filters]", "[data-icc-results]"].forEach(function (selector) {
      var current = root.querySelector(selector);
      var replacement = fresh.querySelector(selector);
      if (current && replacement) {
        current.replaceWith(document.importNode(replacement, true));
      }
    });
    root.querySelectorAll("[data-icc-apply]").forEach(function (button) {
      button.hidden = true;
    });
    return true;
  }

  function load(url, options) {
    options = options || {};
    if (pending) {
      pending.abort();
    }
    var controller = window.AbortController ? new AbortController() : null;
    pending = controller;
    root.setAttribute("aria-busy", "true");
    return fetch(url, {
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
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
        if (!swap(doc)) {
          window.location.assign(url);
          return;
        }
        if (options.push !== false) {
          window.history.pushState({ iccIndex: true }, "", url);
        }
        if (doc.title) {
          document.title = doc.title;
        }
        var count = root.querySelector("[data-icc-count]");
        if (live && count) {
          live.textContent = count.textContent.trim();
        }
        var target = findFocusTarget(options.focus);
        if (target) {
          target.focus({ preventScroll: options.focus && options.focus.name !== undefined });
          if (!options.focus || options.focus.name === undefined) {
            target.scrollIntoView({ block: "start" });
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
          root.removeAttribute("aria-busy");
        }
      });
  }

  root.querySelectorAll("[data-icc-apply]").forEach(function (button) {
    button.hidden = true;
  });

  root.addEventListener("change", function (event) {
    var field = event.target;
    var form = field.form;
    if (!form || !form.hasAttribute("data-icc-filter-form") || field.name === "q") {
      return;
    }
    load(formUrl(form), {
      focus: { name: field.name, value: field.type === "checkbox" ? field.value : undefined },
    });
  });

  root.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-icc-filter-form")) {
      return;
    }
    event.preventDefault();
    load(formUrl(form), { focus: { name: "q" } });
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

  window.addEventListener("popstate", function () {
    load(window.location.href, { push: false });
  });
})();
