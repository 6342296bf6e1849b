// js_on_load of the source panel: after it changes, bring the selected clause into view
// inside the panel only. The page itself is never scrolled from here, so a new answer does
// not pull a phone's screen down to the panel.
function showSelected() {
  var card = element.querySelector('.pt-selected');
  var panel = element.querySelector('.pt-sources');
  if (!card || !panel || panel.scrollHeight <= panel.clientHeight) { return; }
  panel.scrollTop = Math.max(0, card.offsetTop - 8);
}
if (typeof watch === 'function') { watch('value', showSelected); }
