// The HTML report's inline style and script. The script is small and dependency-free: it sorts a table when a
// header is clicked, filters rows by a text box and severity checkboxes (also from the URL's #filter=TEXT, so
// a filtered view can be linked), and marks the page data-ready when it has run, which the tests read back.
#include "report/html_parts.h"

namespace drydock {

std::string_view HtmlStyle() {
  return R"css(
:root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2330; background: #f6f7f9; }
body { margin: 0 auto; max-width: 1240px; padding: 16px 24px 48px; }
h1 { font-size: 1.5rem; margin: 8px 0 4px; word-break: break-all; }
h2 { font-size: 1.15rem; margin: 28px 0 8px; border-bottom: 1px solid #d8dce3; padding-bottom: 4px; }
section, header { background: #fff; border: 1px solid #e1e4ea; border-radius: 8px; padding: 12px 16px; margin-top: 16px; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 6px 18px; margin: 8px 0 0; }
.facts div { display: flex; flex-direction: column; }
.facts dt { font-size: .75rem; text-transform: uppercase; color: #5d6678; }
.facts dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
.eol { color: #8d0014; } .ok { color: #1f6f3a; }
#overview { display: flex; flex-wrap: wrap; gap: 24px; align-items: center; }
.chart-label, .chart-count { font-size: 13px; font-weight: 600; fill: #1d2330; }
.chart-track { fill: #eef0f4; }
.verdict { font-size: 1.05rem; max-width: 520px; }
.controls { display: flex; flex-wrap: wrap; gap: 14px; align-items: center; }
.controls input[type=search] { padding: 4px 8px; min-width: 260px; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eceef2; vertical-align: top; }
th { background: #f0f2f6; position: sticky; top: 0; }
table.sortable th { cursor: pointer; user-select: none; }
th[aria-sort=ascending]::after { content: " \25B2"; } th[aria-sort=descending]::after { content: " \25BC"; }
td.mono, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; overflow-wrap: anywhere; }
td.id { white-space: nowrap; }
.sev { display: inline-block; min-width: 72px; text-align: center; border-radius: 4px; padding: 1px 6px; font-weight: 600; font-size: .75rem; }
.sev-CRITICAL { background: #fbd3d9; color: #6e0010; } .sev-HIGH { background: #fde0cc; color: #7a3000; }
.sev-MEDIUM { background: #fdf0c4; color: #665000; } .sev-LOW { background: #d9e6fb; color: #173d80; }
.sev-UNKNOWN { background: #e6e6e6; color: #444; }
.nofix { color: #8d0014; font-style: italic; } .fix { color: #1f6f3a; font-weight: 600; white-space: nowrap; }
.muted { color: #6b7385; font-size: .8rem; }
tr[hidden] { display: none; }
)css";
}

std::string_view HtmlScript() {
  return R"js(
(function () {
  'use strict';
  var rank = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3, UNKNOWN: 4 };
  function key(row, column, kind) {
    var cell = row.cells[column];
    var value = cell ? (cell.getAttribute('data-sort') || cell.textContent) : '';
    if (kind === 'num') return parseFloat(value) || 0;
    if (kind === 'sev') return value.trim() in rank ? rank[value.trim()] : 5;
    return value.toLowerCase();
  }
  function sortBy(table, column, header) {
    var kind = header.getAttribute('data-kind') || 'text';
    var dir = header.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
    Array.prototype.forEach.call(header.parentNode.cells, function (c) { c.removeAttribute('aria-sort'); });
    header.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a, column, kind), y = key(b, column, kind);
      return x < y ? -dir : x > y ? dir : 0;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, column) {
      header.tabIndex = 0;
      header.title = 'Sort';
      header.addEventListener('click', function () { sortBy(table, column, header); });
      header.addEventListener('keydown', function (e) { if (e.key === 'Enter') sortBy(table, column, header); });
    });
  });
  var text = document.getElementById('filter-text');
  var boxes = document.querySelectorAll('input.filter-severity');
  function applyFilter() {
    var needle = text.value.trim().toLowerCase();
    var allowed = {};
    boxes.forEach(function (b) { allowed[b.value] = b.checked; });
    var shown = 0;
    document.querySelectorAll('table.filterable tbody tr').forEach(function (row) {
      var severity = row.getAttribute('data-severity');
      var keep = (!severity || allowed[severity] !== false) &&
                 (!needle || row.textContent.toLowerCase().indexOf(needle) >= 0);
      row.hidden = !keep;
      if (keep && row.closest('#findings-table')) shown++;
    });
    document.getElementById('shown-count').textContent = String(shown);
    document.documentElement.setAttribute('data-shown', String(shown));
  }
  var hash = /^#filter=(.*)$/.exec(window.location.hash);
  if (hash) text.value = decodeURIComponent(hash[1]);
  text.addEventListener('input', applyFilter);
  boxes.forEach(function (b) { b.addEventListener('change', applyFilter); });
  applyFilter();
  document.documentElement.setAttribute('data-ready',
      String(document.querySelectorAll('#findings-table tbody tr').length));
})();
)js";
}

}  // namespace drydock
