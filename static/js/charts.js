// Every chart of the app: each <canvas data-chart="ID"> is drawn with Chart.js from the JSON of the
// json_script element ID, which the server writes as
//   {type: "bar" | "line", labels: [...], series: [{label, data, type?, color?, axis?}],
//    title?, zero?, integer?, legend?}
// A series' color is a hex value or a CSS custom property ("--bs-success"); without one it takes the
// next colour of the palette. A series with axis "percent" is drawn against a 0–100 axis on the
// right. Each chart has a table beside or below it with the same figures. Charts are drawn again
// after htmx swaps part of the page.
(function () {
  "use strict";

  if (window.ujikomCharts) {
    return; // two parts of one page may each bring the script
  }
  window.ujikomCharts = true;

  var PALETTE = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#dc3545", "#20c997", "#6c757d", "#ffc107"];

  function colour(value, index) {
    if (value && value.indexOf("--") === 0) {
      value = getComputedStyle(document.documentElement).getPropertyValue(value).trim();
    }
    return value || PALETTE[index % PALETTE.length];
  }

  function config(spec) {
    var hasPercent = false;
    var datasets = spec.series.map(function (series, index) {
      var color = colour(series.color, index);
      var type = series.type || spec.type;
      if (series.axis === "percent") {
        hasPercent = true;
      }
      return {
        label: series.label,
        data: series.data,
        type: type,
        borderColor: color,
        backgroundColor: color,
        spanGaps: type === "line",
        tension: type === "line" ? 0.2 : 0,
        yAxisID: series.axis === "percent" ? "percent" : "y",
      };
    });
    var scales = { y: { beginAtZero: spec.zero !== false, position: "left" } };
    if (spec.integer) {
      scales.y.ticks = { precision: 0 };
    }
    if (hasPercent) {
      scales.percent = { beginAtZero: false, max: 100, position: "right", grid: { drawOnChartArea: false } };
    }
    return {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        locale: document.documentElement.lang || "id", // numbers as the page's language writes them
        interaction: { mode: "index", intersect: false },
        scales: scales,
        plugins: {
          legend: { position: spec.legend || "top" },
          title: { display: Boolean(spec.title), text: spec.title || "" },
        },
      },
    };
  }

  function drawAll() {
    if (typeof window.Chart === "undefined") {
      return;
    }
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var source = document.getElementById(canvas.dataset.chart);
      var previous = window.Chart.getChart(canvas);
      if (previous) {
        previous.destroy();
      }
      if (source) {
        new window.Chart(canvas, config(JSON.parse(source.textContent)));
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
  document.addEventListener("htmx:afterSettle", drawAll);
})();
