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
  // <form data-confirm="…">: ask before a destructive action.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
});
