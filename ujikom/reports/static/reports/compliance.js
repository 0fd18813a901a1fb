// SOP time compliance: the SOP list belongs to one organization, so choosing another
// organization clears the chosen SOP before the filter is sent.
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("[data-compliance-filters]")) {
    const organization = form.querySelector("[data-organization]");
    const sop = form.querySelector("[data-sop]");
    if (!organization || !sop) continue;
    organization.addEventListener("change", () => {
      sop.value = "";
      form.requestSubmit();
    });
  }
});
