// Draws the dashboard charts from the JSON the page embeds (#chart-data). No inline script (CSP).
(function () {
  function won(value) {
    if (value === null || value === undefined) return "";
    return Math.round(value).toLocaleString("ko-KR") + "원";
  }
  function millions(value) {
    // Axis ticks in the unit that suits the size: 억, 백만, 만, or plain won (never "0백만" on every tick).
    var size = Math.abs(value);
    if (size >= 100000000) return (value / 100000000).toLocaleString("ko-KR", { maximumFractionDigits: 1 }) + "억";
    if (size >= 1000000) return (value / 1000000).toLocaleString("ko-KR", { maximumFractionDigits: 0 }) + "백만";
    if (size >= 10000) return (value / 10000).toLocaleString("ko-KR", { maximumFractionDigits: 0 }) + "만";
    return Math.round(value).toLocaleString("ko-KR");
  }
  var palette = ["#256ef4", "#0b50d0", "#2a9d8f", "#e9a23b", "#c0504d", "#7b61ff", "#5c677d"];

  function config(chart) {
    var money = { beginAtZero: true, ticks: { callback: millions } };
    var tooltip = { callbacks: { label: function (ctx) { return ctx.dataset.label + ": " + won(ctx.parsed.y !== undefined ? ctx.parsed.y : ctx.parsed); } } };
    if (chart.type === "monthly") {
      var datasets = [
        { type: "bar", label: "월 사회적경제기업 구매액", data: chart.se, backgroundColor: "#256ef4", yAxisID: "y" },
        { type: "line", label: "누적 구매액", data: chart.cumulative, borderColor: "#0b50d0", yAxisID: "y1", tension: 0.2 }
      ];
      if (chart.target) {
        datasets.push({ type: "line", label: "목표 진도(균등)", data: chart.target, borderColor: "#c0504d", borderDash: [6, 4], pointRadius: 0, yAxisID: "y1" });
      }
      return { data: { labels: chart.labels, datasets: datasets },
               options: { scales: { y: money, y1: { position: "right", beginAtZero: true, ticks: { callback: millions }, grid: { drawOnChartArea: false } } }, plugins: { tooltip: tooltip } } };
    }
    if (chart.type === "types") {
      return { type: "doughnut", data: { labels: chart.labels, datasets: [{ label: "구매액", data: chart.values, backgroundColor: palette }] },
               options: { plugins: { tooltip: { callbacks: { label: function (ctx) { return ctx.label + ": " + won(ctx.parsed); } } } } } };
    }
    if (chart.type === "categories") {
      return { type: "bar", data: { labels: chart.labels, datasets: [
                 { label: "총구매액", data: chart.total, backgroundColor: "#b1b8be" },
                 { label: "사회적경제기업", data: chart.se, backgroundColor: "#256ef4" }] },
               options: { indexAxis: "y", scales: { x: money }, plugins: { tooltip: { callbacks: { label: function (ctx) { return ctx.dataset.label + ": " + won(ctx.parsed.x); } } } } } };
    }
    return { type: "bar", data: { labels: chart.labels, datasets: [{ label: "판매액", data: chart.values, backgroundColor: "#256ef4" }] },
             options: { scales: { y: money }, plugins: { tooltip: tooltip } } };
  }

  function draw() {
    var source = document.getElementById("chart-data");
    if (!source || !window.Chart) return;
    var charts = JSON.parse(source.textContent);
    document.querySelectorAll("canvas[data-chart-index]").forEach(function (canvas) {
      var chart = charts[Number(canvas.getAttribute("data-chart-index"))];
      var settings = config(chart);
      settings.type = settings.type || "bar";
      settings.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, settings.options);
      new window.Chart(canvas, settings);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
