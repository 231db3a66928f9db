// The marks grid of a gradebook (gradebook/gradebook.html): keyboard entry and pasting a column.
// - Each cell is saved when it is left (change event), with htmx, without reloading the page;
//   the answer swaps the cell, the learner's average and the column's figures in place.
// - Arrows move between cells (left/right at the ends of the text), Enter/Shift+Enter down/up,
//   Tab as usual; the cell reached is selected, so typing replaces it.
// - Refusals come back with status 422 (live.js swaps them: the cell shown as refused).
// - Pasting several lines (a column copied from a spreadsheet) fills the column downwards from
//   the cell: one request, all or nothing.
// - Saves go one at a time, in the order typed (the table's hx-sync queues them): answers arriving
//   out of order would report an older save and show stale figures, and a cell saved again while
//   its first save is under way would lose the second value.
(function () {
  "use strict";

  function setup() {
    var grid = document.getElementById("marks-grid");
    if (!grid || grid.dataset.editable !== "true" || !window.htmx) { return; }
    var status = document.getElementById("grid-status");

    function inputs(row) { return row ? Array.prototype.slice.call(row.querySelectorAll("input.mark")) : []; }
    function cellOf(input) { return input.closest("td"); }
    function position(input) {
      var row = input.closest("tr");
      return { row: row, col: inputs(row).indexOf(input) };
    }
    function at(row, col) { var found = inputs(row); return found[col] || null; }
    function focus(input) { if (input) { input.focus(); input.select(); } }

    function save(input) {
      // The cell's URL: the table's model with the assessment (its column) and the learner.
      var here = position(input);
      var header = grid.querySelectorAll("thead th.assessment")[here.col];
      var url = grid.dataset.markUrl.replace("1234567890", header.dataset.assessment)
        .replace("9876543210", here.row.dataset.learner) + window.location.search;
      input.dataset.sent = input.value;
      // The grid, not the cell, sends: the answer replaces the cell, a queued save must outlive it.
      htmx.ajax("POST", url, { source: grid, swap: "none", values: { value: input.value } });
    }

    grid.addEventListener("change", function (event) {
      if (event.target.matches("input.mark")) { save(event.target); }
    });

    grid.addEventListener("keydown", function (event) {
      var input = event.target;
      if (!input.matches("input.mark")) { return; }
      var here = position(input);
      var next = null;
      var atStart = input.selectionStart === 0 && input.selectionEnd === 0;
      var atEnd = input.selectionStart === input.value.length;
      var whole = input.selectionStart === 0 && input.selectionEnd === input.value.length;
      switch (event.key) {
        case "ArrowDown": next = at(here.row.nextElementSibling, here.col); break;
        case "ArrowUp": next = at(here.row.previousElementSibling, here.col); break;
        case "Enter":
          next = at(event.shiftKey ? here.row.previousElementSibling : here.row.nextElementSibling, here.col);
          if (!next) { event.preventDefault(); input.blur(); focus(input); return; }
          break;
        case "ArrowLeft": if (atStart || whole) { next = at(here.row, here.col - 1); } break;
        case "ArrowRight": if (atEnd || whole) { next = at(here.row, here.col + 1); } break;
        default: return;
      }
      if (next) { event.preventDefault(); focus(next); }
    });

    grid.addEventListener("paste", function (event) {
      var input = event.target;
      if (!input.matches("input.mark")) { return; }
      var text = (event.clipboardData || window.clipboardData).getData("text");
      var lines = text.replace(/\r\n?/g, "\n").replace(/\n+$/, "").split("\n");
      if (lines.length < 2) { return; }  // one value: an ordinary paste into the cell
      event.preventDefault();
      var here = position(input);
      var rows = [];
      var row = here.row;
      for (var i = 0; i < lines.length; i += 1) {
        if (!row) { break; }
        rows.push(row);
        row = row.nextElementSibling;
      }
      if (rows.length < lines.length) {
        status.textContent = grid.dataset.tooLong.replace("{lines}", lines.length).replace("{rows}", rows.length);
        return;
      }
      var values = rows.map(function (r, index) {
        var cell = at(r, here.col);
        cell.value = lines[index].split("\t")[0].trim();
        cell.dataset.sent = cell.value;
        return [r.dataset.learner, cell.value];
      });
      var header = grid.querySelectorAll("thead th.assessment")[here.col];
      htmx.ajax("POST", header.dataset.columnUrl + window.location.search,
        { source: grid, swap: "none", values: { values: JSON.stringify(values) } });
    });

    // A cell typed into again since its value was sent keeps what is typed (its own save follows):
    // the answer to the older value must not undo it.
    document.body.addEventListener("htmx:oobBeforeSwap", function (event) {
      var input = event.detail.target.querySelector && event.detail.target.querySelector("input.mark");
      if (input && input.dataset.sent !== undefined && input.value !== input.dataset.sent) {
        event.detail.shouldSwap = false;
      }
    });

    // A swapped cell that had the focus gets it back.
    var focusedId = null;
    document.body.addEventListener("htmx:beforeRequest", function () {
      var active = document.activeElement;
      focusedId = active && active.matches && active.matches("input.mark") ? cellOf(active).id : null;
    });
    document.body.addEventListener("htmx:afterSettle", function () {
      if (focusedId && (!document.activeElement || document.activeElement === document.body)) {
        var cell = document.getElementById(focusedId);
        if (cell) { focus(cell.querySelector("input.mark")); }
      }
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setup); } else { setup(); }
}());
