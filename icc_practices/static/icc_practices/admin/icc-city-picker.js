// The practice editor's city picker: narrow the cities to the practice's country, find
// one by typing, and keep the chosen ones named above the list. Without this script every
// country's cities show, grouped, which works too.
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function setUp(picker) {
    if (picker.dataset.iccReady) return;
    picker.dataset.iccReady = "1";
    var form = picker.closest("form");
    var country = form && form.elements.namedItem(picker.dataset.countryField);
    var tools = picker.querySelector("[data-icc-city-tools]");
    var search = picker.querySelector("[data-icc-city-search]");
    var showAll = picker.querySelector("[data-icc-city-all]");
    var status = picker.querySelector("[data-icc-city-status]");
    var chosen = picker.querySelector("[data-icc-chosen]");
    var groups = Array.prototype.slice.call(picker.querySelectorAll("[data-icc-country]"));

    function update() {
      var words = fold(search.value.trim());
      var countryId = country && country.value;
      var shown = 0;
      groups.forEach(function (group) {
        var inCountry = showAll.checked || !countryId || group.dataset.iccCountry === countryId;
        var visibleInGroup = 0;
        group.querySelectorAll("li").forEach(function (item) {
          var input = item.querySelector("input");
          var match = !words || fold(item.textContent).indexOf(words) !== -1;
          var visible = input.checked || (inCountry && match);
          item.hidden = !visible;
          if (visible) visibleInGroup += 1;
        });
        group.hidden = visibleInGroup === 0;
        shown += visibleInGroup;
      });
      status.textContent = shown || !words ? "" : picker.dataset.noMatchLabel;
    }

    function updateChosen() {
      var names = Array.prototype.map.call(
        picker.querySelectorAll("input:checked"),
        function (input) { return input.parentElement.textContent.trim(); }
      ).sort(function (a, b) { return fold(a).localeCompare(fold(b)); });
      chosen.textContent = names.length
        ? picker.dataset.chosenLabel + " " + names.join(", ")
        : picker.dataset.noneLabel;
    }

    tools.hidden = false;
    search.addEventListener("input", update);
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault(); // never submit the page form
    });
    showAll.addEventListener("change", update);
    if (country) country.addEventListener("change", update);
    picker.addEventListener("change", function (event) {
      if (event.target.matches("[data-icc-country] input")) updateChosen();
    });
    update();
  }

  function setUpAll() {
    document.querySelectorAll("[data-icc-city-picker]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
