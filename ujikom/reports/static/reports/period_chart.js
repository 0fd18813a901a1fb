// The period report's bar chart: the main figures by scheme, from the page's json_script data.
(function () {
  const colors = ["#9e9e9e", "#0d6efd", "#fd7e14", "#198754", "#6f42c1"];
  let chart = null;

  function draw() {
    const source = document.getElementById("period-chart-data");
    const canvas = document.getElementById("period-chart");
    if (chart) {
      chart.destroy();
      chart = null;
    }
    if (!source || !canvas || typeof Chart === "undefined") {
      return;
    }
    const data = JSON.parse(source.textContent);
    chart = new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map((series, index) => ({
          label: series.label,
          data: series.data,
          backgroundColor: colors[index % colors.length],
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();
