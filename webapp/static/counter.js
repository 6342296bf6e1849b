// js_on_load of the counter under the question box: the count against the limit, the
// send button off for an empty or too long question. Runs on typing and, through the
// box's change event (window.ptSyncQuestion), when the server or an example sets the box.
function sync() {
  var box = document.querySelector('#question textarea, #question input');
  var send = document.querySelector('#send');
  var counter = element.querySelector('.pt-counter');
  if (!box || !counter) { return; }
  var limit = Number(counter.dataset.limit);
  var count = Array.from(box.value.trim()).length;
  var over = count > limit;
  counter.querySelector('.pt-count').textContent = counter.dataset.template
    .replace('{n}', String(count)).replace('{limit}', String(limit));
  counter.querySelector('.pt-over').hidden = !over;
  counter.classList.toggle('pt-counter-over', over);
  if (send) {
    send.disabled = count === 0 || over;
    send.setAttribute('aria-disabled', String(send.disabled));
  }
}
window.ptSyncQuestion = sync;
document.addEventListener('input', function (event) {
  if (event.target.closest && event.target.closest('#question')) {
    var status = element.querySelector('.pt-status');
    if (status) { status.remove(); }  // the message was about the text as it was sent
    sync();
  }
}, true);
// Enter in an empty box sends nothing: no round trip to the server (which would add nothing
// either), so nothing it answers late can clear what is typed next.
document.addEventListener('keydown', function (event) {
  var box = event.target.closest && event.target.closest('#question');
  if (box && event.key === 'Enter' && !event.shiftKey && !event.target.value.trim()) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
if (typeof watch === 'function') { watch('value', sync); }
var tries = 0;
var waiting = setInterval(function () {  // until the box and the button are on the page
  tries += 1;
  if (document.querySelector('#question textarea, #question input') && document.querySelector('#send')) {
    sync();
    clearInterval(waiting);
  } else if (tries > 100) {
    clearInterval(waiting);
  }
}, 100);
