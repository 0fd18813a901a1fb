// A drawing box for signatures: <div data-signature-pad> holding a <canvas>, a hidden input that
// receives the PNG data URL, and a button [data-signature-clear]. Pointer events cover mouse, pen
// and touch (tablets). Without JavaScript the form still offers signing by account.
(function () {
  function setUp(box) {
    const canvas = box.querySelector("canvas");
    const input = box.querySelector("input[type=hidden]");
    const clear = box.querySelector("[data-signature-clear]");
    const context = canvas.getContext("2d");
    let drawing = false;
    let drawn = false;

    function resize() {
      const ratio = window.devicePixelRatio || 1;
      const rect = canvas.getBoundingClientRect();
      canvas.width = Math.round(rect.width * ratio);
      canvas.height = Math.round(rect.height * ratio);
      context.setTransform(ratio, 0, 0, ratio, 0, 0);
      context.lineWidth = 2.2;
      context.lineCap = "round";
      context.lineJoin = "round";
      context.strokeStyle = "#10233f";
      drawn = false;
      input.value = "";
    }

    function point(event) {
      const rect = canvas.getBoundingClientRect();
      return [event.clientX - rect.left, event.clientY - rect.top];
    }

    canvas.addEventListener("pointerdown", (event) => {
      drawing = true;
      canvas.setPointerCapture(event.pointerId);
      const [x, y] = point(event);
      context.beginPath();
      context.moveTo(x, y);
      event.preventDefault();
    });
    canvas.addEventListener("pointermove", (event) => {
      if (!drawing) return;
      const [x, y] = point(event);
      context.lineTo(x, y);
      context.stroke();
      drawn = true;
      event.preventDefault();
    });
    function finish() {
      if (!drawing) return;
      drawing = false;
      if (drawn) input.value = canvas.toDataURL("image/png");
    }
    canvas.addEventListener("pointerup", finish);
    canvas.addEventListener("pointercancel", finish);
    canvas.addEventListener("pointerleave", finish);
    if (clear) {
      clear.addEventListener("click", () => {
        context.clearRect(0, 0, canvas.width, canvas.height);
        drawn = false;
        input.value = "";
      });
    }
    resize();
  }

  function scan(root) {
    root.querySelectorAll("[data-signature-pad]:not([data-ready])").forEach((box) => {
      box.setAttribute("data-ready", "");
      setUp(box);
    });
  }

  document.addEventListener("DOMContentLoaded", () => scan(document));
  document.addEventListener("htmx:afterSettle", (event) => scan(event.target));
})();
