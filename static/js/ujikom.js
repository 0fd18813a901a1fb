// Small behaviours that pages share. Every form still works without JavaScript.
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit") && field.form) {
    field.form.requestSubmit();
  }
});

// htmx requests carry the CSRF token the page was rendered with.
document.addEventListener("htmx:configRequest", (event) => {
  event.detail.headers["X-CSRFToken"] = document.body.dataset.csrfToken;
});
