// The case page's line chart of the four productivity indicators over the periods, from json_script data.
(function () {
  const colors = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1"];
  let chart = null;

  function draw() {
    const source = document.getElementById("indicator-chart-data");
    const canvas = document.getElementById("indicator-chart");
    if (chart) {
      chart.destroy();
      chart = null;
    }
    if (!source || !canvas || typeof Chart === "undefined") {
      return;
    }
    const data = JSON.parse(source.textContent);
    chart = new Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: data.series.map((series, index) => ({
          label: series.label,
          data: series.data,
          borderColor: colors[index % colors.length],
          backgroundColor: colors[index % colors.length],
          spanGaps: true,
          tension: 0.2,
          // The quality rate is a percentage: on its own axis so the others stay readable.
          yAxisID: index === 3 ? "percent" : "y",
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        scales: {
          y: { beginAtZero: true, position: "left" },
          percent: { beginAtZero: false, max: 100, position: "right", grid: { drawOnChartArea: false } },
        },
        locale: "id-ID",
      },
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();
