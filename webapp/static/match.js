// js_on_load of the 政策匹配 checklist (gr.HTML): ``element`` is its root, ``watch`` runs after a
// re-render. Everything happens in the browser: the boxes a person ticks (kept across a
// re-render, by measure id), the CSV download (made from the copy the page holds) and printing
// (body.pt-print-match limits the print to the checklist and what it rests on; see app.css).
var ticked = {};

function printArea() { return element.querySelector('.pt-match-print'); }

function download() {
  var source = element.querySelector('.pt-match-csv');
  if (!source) { return; }
  var text = source.textContent;
  if (text.charAt(0) !== '\ufeff') { text = '\ufeff' + text; }  // Excel reads UTF-8 only after a BOM
  var url = URL.createObjectURL(new Blob([text], {type: 'text/csv;charset=utf-8'}));
  var link = document.createElement('a');
  link.href = url;
  link.download = source.dataset.filename || 'policy-match.csv';
  document.body.appendChild(link);
  link.click();
  setTimeout(function () { URL.revokeObjectURL(url); link.remove(); }, 1000);
}

function restoreTicks() {
  element.querySelectorAll('input[type=checkbox][data-unit]').forEach(function (box) {
    box.checked = Boolean(ticked[box.dataset.unit]);
  });
}

element.addEventListener('click', function (event) {
  if (event.target.closest('.pt-match-download')) {
    download();
  } else if (event.target.closest('.pt-match-print-button')) {
    document.body.classList.add('pt-print-match');
    window.print();
  }
});
element.addEventListener('change', function (event) {
  var box = event.target;
  if (box.matches && box.matches('input[type=checkbox][data-unit]')) { ticked[box.dataset.unit] = box.checked; }
});
// Printing from the browser's menu while the checklist is on screen prints it the same way.
window.addEventListener('beforeprint', function () {
  var area = printArea();
  if (area && area.offsetParent !== null) { document.body.classList.add('pt-print-match'); }
});
window.addEventListener('afterprint', function () { document.body.classList.remove('pt-print-match'); });
if (typeof watch === 'function') { watch('value', restoreTicks); }
