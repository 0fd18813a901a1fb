// The dashboard's 12-month chart: tested and competent candidates (bars) and certificates issued
// (line), from the JSON the page carries in #dashboard-series. The table beside it holds the same
// figures for screen readers and when scripts do not run.
(function () {
  "use strict";

  function draw() {
    var canvas = document.getElementById("dashboard-chart");
    var source = document.getElementById("dashboard-series");
    if (!canvas || !source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var style = getComputedStyle(document.documentElement);
    var colour = function (name, fallback) {
      return style.getPropertyValue(name).trim() || fallback;
    };
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          {
            label: canvas.dataset.labelTested,
            data: data.tested,
            backgroundColor: colour("--bs-secondary", "#6c757d"),
          },
          {
            label: canvas.dataset.labelCompetent,
            data: data.competent,
            backgroundColor: colour("--bs-success", "#198754"),
          },
          {
            label: canvas.dataset.labelCertificates,
            data: data.certificates,
            type: "line",
            borderColor: colour("--bs-primary", "#0d6efd"),
            backgroundColor: colour("--bs-primary", "#0d6efd"),
            tension: 0,
          },
        ],
      },
      options: {
        responsive: true,
        aspectRatio: 3,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: "bottom" } },
      },
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
