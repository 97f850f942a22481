// Small behaviours for the whole site. No inline scripts: the CSP allows only files from 'self'.
document.addEventListener("DOMContentLoaded", function () {
  var toggle = document.querySelector(".site-menu-toggle");
  var nav = document.getElementById("site-nav");
  if (toggle && nav) {
    toggle.addEventListener("click", function () {
      var open = nav.classList.toggle("is-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  // <button data-copy-target="id">: copy that field's text (a share link), and say so.
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    button.addEventListener("click", function () {
      var field = document.getElementById(button.getAttribute("data-copy-target"));
      var status = document.getElementById(button.getAttribute("data-copy-status"));
      if (!field) { return; }
      field.select();
      var done = function () { if (status) { status.textContent = "주소를 복사했습니다."; } };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
      } else {
        document.execCommand("copy");
        done();
      }
    });
  });
  // <form data-confirm="…">: ask before a destructive action.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
  // <button data-print>: print the page (booth map, timetables).
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  // <span data-live-count="URL" data-key="checked_in">: refresh a figure every 5 seconds (live attendance).
  document.querySelectorAll("[data-live-count]").forEach(function (node) {
    var refresh = function () {
      fetch(node.getAttribute("data-live-count"), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data) { node.textContent = data[node.getAttribute("data-key")]; } })
        .catch(function () {});
    };
    window.setInterval(refresh, 5000);
  });
});
