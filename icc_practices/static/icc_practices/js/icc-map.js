/* Zoom and pan for the results map (icc_practices/map/map.html).
 *
 * Without JavaScript the map is a complete SVG with links and a table beside it. With it,
 * buttons zoom in and out and reset, dragging or the arrow keys pan, a point that takes
 * the keyboard focus is brought into view, and points keep their size on screen.
 * Everything changes the SVG's viewBox: nothing is fetched.
 */
(function () {
  "use strict";

  var MAX_ZOOM = 8;

  function setUp(root) {
    var svg = root.querySelector("[data-icc-map-svg]");
    if (!svg || root.hasAttribute("data-icc-map-ready")) return;
    root.setAttribute("data-icc-map-ready", "");
    // The world bounds zooming and panning; the map opens on the part that has points.
    var base = (svg.getAttribute("data-icc-world") || svg.getAttribute("viewBox")).split(" ").map(Number);
    var view = svg.getAttribute("viewBox").split(" ").map(Number);
    var initial = view.slice();
    var points = Array.prototype.slice.call(svg.querySelectorAll("circle"));
    points.forEach(function (point) {
      if (!point.hasAttribute("data-r")) point.setAttribute("data-r", point.getAttribute("r"));
    });

    function zoom() { return base[2] / view[2]; }

    function show() {
      var z = zoom();
      // Never outside the world: pan within it, whatever the zoom.
      view[0] = Math.min(Math.max(view[0], base[0]), base[0] + base[2] - view[2]);
      view[1] = Math.min(Math.max(view[1], base[1]), base[1] + base[3] - view[3]);
      svg.setAttribute("viewBox", view.join(" "));
      points.forEach(function (point) {
        point.setAttribute("r", (Number(point.getAttribute("data-r")) / Math.sqrt(z)).toFixed(2));
      });
      // aria-disabled, not disabled: a disabled button would drop the keyboard focus.
      zoomOut.setAttribute("aria-disabled", String(z <= 1));
      reset.setAttribute("aria-disabled", String(z <= 1));
      zoomIn.setAttribute("aria-disabled", String(z >= MAX_ZOOM));
      // A finger scrolls the page over the whole world; it pans the map once zoomed in.
      svg.style.touchAction = z > 1 ? "none" : "";
    }

    function zoomBy(factor, cx, cy) {
      var z = Math.min(Math.max(zoom() * factor, 1), MAX_ZOOM);
      var width = base[2] / z, height = base[3] / z;
      cx = cx === undefined ? view[0] + view[2] / 2 : cx;
      cy = cy === undefined ? view[1] + view[3] / 2 : cy;
      view = [cx - (cx - view[0]) * width / view[2], cy - (cy - view[1]) * height / view[3], width, height];
      show();
    }

    function button(label, text, action) {
      var element = document.createElement("button");
      element.type = "button";
      element.className = "icc-button icc-map__button";
      element.setAttribute("aria-label", label);
      element.textContent = text;
      element.addEventListener("click", function () {
        if (element.getAttribute("aria-disabled") !== "true") action();
      });
      return element;
    }

    var labels = root.dataset;
    var zoomIn = button(labels.iccZoomIn || "Zoom in", "+", function () { zoomBy(2); });
    var zoomOut = button(labels.iccZoomOut || "Zoom out", "\u2212", function () { zoomBy(0.5); });
    var reset = button(labels.iccReset || "Show the whole world", "\u21ba", function () {
      view = base.slice();
      show();
    });
    var controls = document.createElement("div");
    controls.className = "icc-map__controls";
    controls.append(zoomIn, zoomOut, reset);
    svg.parentNode.insertBefore(controls, svg);

    // Dragging pans; a drag that moved does not follow the link under the pointer.
    var start = null, moved = false;
    svg.addEventListener("pointerdown", function (event) {
      start = { x: event.clientX, y: event.clientY, view: view.slice() };
      moved = false;
    });
    svg.addEventListener("pointermove", function (event) {
      if (!start) return;
      var scale = view[2] / svg.getBoundingClientRect().width;
      var dx = (event.clientX - start.x) * scale, dy = (event.clientY - start.y) * scale;
      if (Math.abs(dx) + Math.abs(dy) > 2 * scale) moved = true;
      if (!moved) return;
      view = [start.view[0] - dx, start.view[1] - dy, view[2], view[3]];
      show();
    });
    ["pointerup", "pointerleave", "pointercancel"].forEach(function (name) {
      svg.addEventListener(name, function () { start = null; });
    });
    svg.addEventListener("click", function (event) {
      if (moved) { event.preventDefault(); moved = false; }
    }, true);
    // The keyboard: arrows pan a zoomed map (focus on a point or on the map), and a
    // point reached with Tab is brought into view.
    if (!svg.hasAttribute("tabindex")) svg.setAttribute("tabindex", "0");
    var STEPS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    svg.addEventListener("keydown", function (event) {
      var step = STEPS[event.key];
      if (!step || zoom() <= 1 || event.altKey || event.ctrlKey || event.metaKey) return;
      event.preventDefault();
      view[0] += step[0] * view[2] / 4;
      view[1] += step[1] * view[3] / 4;
      show();
    });
    svg.addEventListener("focusin", function (event) {
      var circle = event.target.querySelector && event.target.querySelector("circle");
      if (!circle) return;
      var x = Number(circle.getAttribute("cx")), y = Number(circle.getAttribute("cy"));
      if (x < view[0] || x > view[0] + view[2] || y < view[1] || y > view[1] + view[3]) {
        view[0] = x - view[2] / 2;
        view[1] = y - view[3] / 2;
        show();
      }
    });
    svg.addEventListener("dblclick", function (event) {
      var box = svg.getBoundingClientRect();
      zoomBy(2, view[0] + (event.clientX - box.left) * view[2] / box.width,
        view[1] + (event.clientY - box.top) * view[3] / box.height);
    });
    show();
  }

  /* A host that configured a tile server (ICC_PRACTICES_MAP_TILES) gets the points drawn
   * on its tiles with Leaflet, loaded from the addresses the host gave. The SVG stays in
   * the page (hidden) and the table is unchanged: both keep working without tiles. */
  function load(tag, attributes) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement(tag);
      Object.keys(attributes).forEach(function (name) { element.setAttribute(name, attributes[name]); });
      element.onload = resolve;
      element.onerror = reject;
      document.head.appendChild(element);
    });
  }

  // Leaflet puts a string into the page as HTML: names go in as text, never as markup.
  function textOf(label) {
    var span = document.createElement("span");
    span.textContent = label;
    return span;
  }

  function onTiles(root, settings) {
    var svg = root.querySelector("[data-icc-map-svg]");
    if (!svg || root.hasAttribute("data-icc-map-ready")) return;
    root.setAttribute("data-icc-map-ready", "");
    var ready = window.L ? Promise.resolve() : Promise.all([
      settings.leaflet_css ? load("link", { rel: "stylesheet", href: settings.leaflet_css }) : null,
      load("script", { src: settings.leaflet_js })
    ]);
    ready.then(function () {
      var box = document.createElement("div");
      box.className = "icc-map__tiles";
      svg.parentNode.insertBefore(box, svg);
      svg.style.display = "none";  // an SVG element has no "hidden" property
      var map = window.L.map(box).setView([30, 10], 2);
      window.L.tileLayer(settings.url, {
        attribution: settings.attribution || "", maxZoom: settings.max_zoom || 18
      }).addTo(map);
      Array.prototype.forEach.call(svg.querySelectorAll("a"), function (link) {
        var circle = link.querySelector("circle");
        window.L.circleMarker([Number(link.dataset.lat), Number(link.dataset.lon)], {
          radius: Number(circle.getAttribute("r")), className: circle.getAttribute("class")
        }).bindTooltip(textOf(link.getAttribute("aria-label"))).on("click", function () {
          window.location.href = link.getAttribute("href");
        }).addTo(map);
      });
    }).catch(function () {
      root.removeAttribute("data-icc-map-ready");  // the outline stays: zoom it instead
      setUp(root);
    });
  }

  function setUpAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-icc-map]"), function (root) {
      var tiles = root.querySelector("script[data-icc-map-tiles]");
      if (tiles) onTiles(root, JSON.parse(tiles.textContent));
      else setUp(root);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUpAll);
  else setUpAll();
  // The filters replace the results without a page load (icc-filters.js).
  document.addEventListener("icc:results-updated", setUpAll);
})();
