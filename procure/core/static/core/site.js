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
  // Tables: every cell of a .site-table knows its column's name (data-label), so a phone shows the table as cards
  // (site.css); a table frame that scrolls sideways can be reached and scrolled by keyboard and is announced.
  var labelTables = function (root) { root.querySelectorAll("table.site-table").forEach(function (table) {
    var headRows = table.tHead ? table.tHead.rows : [];
    if (!headRows.length) { return; }
    var names = [];
    Array.prototype.forEach.call(headRows[headRows.length - 1].cells, function (cell) {
      for (var i = 0; i < (cell.colSpan || 1); i++) { names.push(cell.textContent.replace(/\s+/g, " ").trim()); }
    });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (!cell.hasAttribute("data-label") && names[column] !== undefined) { cell.setAttribute("data-label", names[column]); }
          column += cell.colSpan || 1;
        });
      });
    });
  }); };
  var markScrollable = function () {
    document.querySelectorAll(".krds-table-wrap, .site-scroll").forEach(function (frame) {
      if (frame.scrollWidth > frame.clientWidth + 1 || frame.scrollHeight > frame.clientHeight + 1) {
        var table = frame.querySelector("table");
        var caption = table && table.caption ? table.caption.textContent.trim() : "";
        frame.setAttribute("tabindex", "0");
        frame.setAttribute("role", "region");
        if (!frame.hasAttribute("aria-label")) {
          frame.setAttribute("aria-label", (caption || "표") + " (옆으로 밀어 더 보기)");
        }
      } else if (frame.getAttribute("tabindex") === "0" && !frame.hasAttribute("data-keep-focus")) {
        frame.removeAttribute("tabindex");
        frame.removeAttribute("role");
      }
    });
  };
  labelTables(document);
  markScrollable();
  window.addEventListener("resize", markScrollable);
  // Parts of a page htmx replaces (an import's progress) get the same treatment.
  document.body.addEventListener("htmx:afterSettle", function (event) { labelTables(event.target); markScrollable(); });
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
