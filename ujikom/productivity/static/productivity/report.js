// The productivity report's line chart: one line per case, an indicator over the months of its
// measured periods, from the page's json_script data. The table below the chart has the same figures.
(function () {
  const colors = ["#0d6efd", "#fd7e14", "#198754", "#6f42c1", "#dc3545", "#20c997", "#6c757d", "#ffc107"];

  function draw() {
    const source = document.getElementById("productivity-chart-data");
    const canvas = document.getElementById("productivity-chart");
    if (!source || !canvas || typeof Chart === "undefined") {
      return;
    }
    const data = JSON.parse(source.textContent);
    new Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: data.datasets.map((series, index) => ({
          label: series.label,
          data: series.data,
          borderColor: colors[index % colors.length],
          backgroundColor: colors[index % colors.length],
          spanGaps: true,
          tension: 0.2,
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        plugins: { title: { display: true, text: data.title } },
        scales: { y: { beginAtZero: false } },
      },
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
})();
