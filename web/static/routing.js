// Routing suggestion on the submission form (docs/routing.md). Progressive enhancement: without
// this script the form is unchanged. When the citizen pauses typing the subject or description,
// asks POST /api/v1/routing/suggest and, when its first suggestion is not the category already
// chosen, shows "Suggested category: X — use it"; the button selects X. The words come from the
// placeholder's data attributes (web/i18n/strings.routing.json), so there is no inline script.
(function () {
  "use strict";
  var box = document.getElementById("routing-suggestion");
  var subject = document.getElementById("subject");
  var description = document.getElementById("description");
  var category = document.getElementById("category");
  if (!box || !subject || !description || !category || !window.fetch) return;
  var arabic = (document.documentElement.lang || "ar").indexOf("ar") === 0;
  var timer = null;
  var asked = "";

  function hide() {
    box.hidden = true;
    box.textContent = "";
  }

  function show(s) {
    box.textContent = "";
    var text = document.createElement("span");
    text.textContent = box.getAttribute("data-label") + " " + (arabic ? s.name_ar : s.name_en) + " — ";
    var use = document.createElement("button");
    use.type = "button";
    use.className = "link";
    use.textContent = box.getAttribute("data-use");
    use.addEventListener("click", function () {
      category.value = s.category;
      category.dispatchEvent(new Event("change", { bubbles: true }));
      hide();
    });
    box.appendChild(text);
    box.appendChild(use);
    box.hidden = false;
  }

  function ask() {
    var body = JSON.stringify({ subject: subject.value, description: description.value });
    if (body === asked || (subject.value + description.value).trim().length < 10) return;
    asked = body;
    fetch("/api/v1/routing/suggest", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: body,
      credentials: "omit"
    })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (j) {
        var s = j && j.suggestions && j.suggestions[0];
        if (!s || s.category === category.value) return hide();
        show(s);
      })
      .catch(hide);
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(ask, 600);
  }
  subject.addEventListener("input", later);
  description.addEventListener("input", later);
})();
