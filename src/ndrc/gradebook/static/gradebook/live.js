// Pages of the teaching year that save as one types (gradebook app): a refusal comes back with
// status 422 and the message to show in place; htmx would not swap it by default.
document.addEventListener("htmx:beforeSwap", function (event) {
  if (event.detail.xhr.status === 422 && event.detail.elt.closest("[data-live-save]")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
