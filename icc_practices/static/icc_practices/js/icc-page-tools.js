/* icc-practices page tools: text size, print. Progressive enhancement: the buttons are
   rendered hidden and shown here, so without JavaScript they are absent, not dead. */
(function () {
  "use strict";
  if (window.iccPageTools) { return; }
  window.iccPageTools = true;

  var STORAGE_KEY = "icc-practices:text-size";
  var root = document.documentElement;
  var baseFontSize = null;
  var currentSize = 100;

  function sizes() {
    var holder = document.querySelector("[data-icc-text-sizes]");
    var parsed = (holder ? holder.getAttribute("data-icc-text-sizes") : "100 125 150 175 200")
      .split(/\s+/).map(Number).filter(function (n) { return n > 0; });
    return parsed.length ? parsed : [100];
  }

  function storedSize() {
    try { return parseInt(window.localStorage.getItem(STORAGE_KEY), 10) || 100; }
    catch (error) { return 100; }
  }

  function store(size) {
    try { window.localStorage.setItem(STORAGE_KEY, String(size)); } catch (error) { /* private mode */ }
  }

  /* Scale the root font size, so everything sized in rem follows; the host's own base
     size (and the visitor's browser setting) is the 100% step. */
  function apply(size) {
    if (baseFontSize === null) {
      root.style.fontSize = "";
      baseFontSize = parseFloat(window.getComputedStyle(root).fontSize) || 16;
    }
    root.style.fontSize = size === 100 ? "" : (baseFontSize * size / 100) + "px";
    currentSize = size;
    var steps = sizes();
    document.querySelectorAll("[data-icc-text-size]").forEach(function (button) {
      var action = button.getAttribute("data-icc-text-size");
      if (action === "smaller") { button.setAttribute("aria-disabled", String(size <= steps[0])); }
      if (action === "larger") { button.setAttribute("aria-disabled", String(size >= steps[steps.length - 1])); }
      if (action === "reset") { button.setAttribute("aria-pressed", String(size === 100)); }
    });
  }

  function step(action) {
    var steps = sizes();
    var current = currentSize;
    var index = steps.indexOf(current);
    if (index === -1) { index = steps.indexOf(100); }
    var next = current;
    if (action === "smaller" && index > 0) { next = steps[index - 1]; }
    if (action === "larger" && index < steps.length - 1) { next = steps[index + 1]; }
    if (action === "reset") { next = 100; }
    store(next);
    apply(next);
    announce(next);
  }

  function announce(size) {
    var region = document.querySelector("[data-icc-text-size-status]");
    if (!region) {
      region = document.createElement("p");
      region.className = "icc-visually-hidden";
      region.setAttribute("data-icc-text-size-status", "");
      region.setAttribute("aria-live", "polite");
      document.body.appendChild(region);
    }
    var template = region.getAttribute("data-template") || "{size}%";
    // Emptied first, so that pressing "normal" at 100% is announced again.
    region.textContent = "";
    window.setTimeout(function () { region.textContent = template.replace("{size}", String(size)); }, 50);
  }

  // "Link to this page" becomes "Copy link" where the clipboard can be written; without
  // script (or clipboard) it stays a plain link that visitors can copy themselves.
  function setUpCopyLinks() {
    if (!navigator.clipboard || !window.isSecureContext) { return; }
    document.querySelectorAll("a[data-icc-copy]").forEach(function (link) {
      var share = link.closest("[data-icc-share]");
      var status = share && share.querySelector("[data-icc-copy-status]");
      link.textContent = link.getAttribute("data-icc-copy-label") || link.textContent;
      link.setAttribute("role", "button");
      link.addEventListener("click", function (event) {
        event.preventDefault();
        navigator.clipboard.writeText(link.href).then(function () {
          if (!status) { return; }
          status.textContent = "";
          window.setTimeout(function () { status.textContent = link.getAttribute("data-icc-copied"); }, 50);
        }, function () { window.location.href = link.href; });
      });
    });
  }

  function setUp() {
    var steps = sizes();
    var size = storedSize();
    if (steps.indexOf(size) === -1) { size = 100; }
    document.querySelectorAll("button[data-icc-text-size]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        if (button.getAttribute("aria-disabled") === "true") { return; }
        step(button.getAttribute("data-icc-text-size"));
      });
    });
    apply(size);
    document.querySelectorAll("button[data-icc-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    setUpCopyLinks();
    // Paper gets the host's own text size; the screen gets the visitor's back afterwards.
    window.addEventListener("afterprint", function () { apply(currentSize); });
    window.addEventListener("beforeprint", function () {
      root.style.fontSize = "";
      var today = new Date().toLocaleDateString(root.lang || undefined, { year: "numeric", month: "long", day: "numeric" });
      document.querySelectorAll("[data-icc-print-date]").forEach(function (time) { time.textContent = today; });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
}());
