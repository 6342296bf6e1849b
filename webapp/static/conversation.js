// js_on_load of the conversation (gr.HTML): ``element`` is its root, ``trigger`` sends an
// event to the server, ``watch`` runs after a re-render. The browser only forwards what was
// clicked (which chip, which vote); nothing it sends is trusted by the server. Text from the
// page is placed with textContent, never as HTML.
var preview = null;
var shownKey = '';

function root() { return element.querySelector('.pt-conversation'); }

function hidePreview() { if (preview) { preview.hidden = true; preview.owner = null; } }

function revealSources() {
  var panel = document.getElementById('sources');
  if (!panel) { return; }
  var box = panel.getBoundingClientRect();
  if (box.top < 0 || box.top > window.innerHeight * 0.6) { panel.scrollIntoView({block: 'start'}); }
}

function cite(chip) {
  trigger('click', {action: 'cite', turn: Number(chip.dataset.turn), unit: chip.dataset.unit});
}

function showPreview(marker, pinned) {
  if (!preview) {
    preview = document.createElement('div');
    preview.className = 'pt-preview';
    preview.setAttribute('role', 'tooltip');
    preview.innerHTML = '<b class="pt-preview-name"></b><small class="pt-preview-id"></small>' +
      '<div class="pt-preview-quote"></div><button type="button" class="pt-preview-open"></button>';
    preview.addEventListener('mouseleave', function () { if (!preview.pinned) { hidePreview(); } });
    preview.querySelector('.pt-preview-open').addEventListener('click', function () {
      var owner = preview.owner;
      hidePreview();
      if (owner) { cite(owner); revealSources(); }
    });
    document.body.appendChild(preview);
  }
  var conversation = root();
  preview.querySelector('.pt-preview-name').textContent = marker.dataset.name || '';
  preview.querySelector('.pt-preview-id').textContent = marker.dataset.unit || '';
  preview.querySelector('.pt-preview-quote').textContent = marker.dataset.quote ? '「' + marker.dataset.quote + '」' : '';
  preview.querySelector('.pt-preview-open').textContent = conversation ? conversation.dataset.open : '';
  preview.owner = marker;
  preview.pinned = pinned;
  preview.hidden = false;
  var chip = marker.getBoundingClientRect();
  var width = Math.min(360, window.innerWidth - 16);
  preview.style.width = width + 'px';
  var left = Math.max(8, Math.min(chip.left + chip.width / 2 - width / 2, window.innerWidth - width - 8));
  preview.style.left = left + 'px';
  var below = chip.bottom + 6;
  var height = preview.offsetHeight;
  preview.style.top = (below + height > window.innerHeight - 8 && chip.top - height - 6 > 8
    ? chip.top - height - 6 : below) + 'px';
}

function copyText(button, text) {
  var label = button.dataset.label || button.textContent;
  button.dataset.label = label;
  function done(ok) {
    button.textContent = ok ? button.dataset.copied : button.dataset.failed;
    setTimeout(function () { button.textContent = label; }, 1600);
  }
  function fallback() {
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    area.remove();
    done(ok);
  }
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
  } else {
    fallback();
  }
}

// Bring the newest turn on screen: inside the pane when it scrolls (desktop), and the page
// too (phone). A tall answer is shown from its start.
function showNewest() {
  var conversation = root();
  if (!conversation) { return; }
  var key = conversation.dataset.turns + ':' + (conversation.dataset.last || '');
  if (key === shownKey) { return; }
  shownKey = key;
  var turns = conversation.querySelectorAll('.pt-turn');
  if (!turns.length) { conversation.scrollTop = 0; return; }
  var turn = turns[turns.length - 1];
  var reply = turn.querySelector('.pt-assistant, .pt-notice') || turn;
  if (conversation.scrollHeight > conversation.clientHeight) {
    var target = turn.offsetTop + turn.offsetHeight - conversation.clientHeight + 8;
    if (turn.offsetHeight > conversation.clientHeight) { target = reply.offsetTop - 8; }
    conversation.scrollTop = Math.max(0, target);
  }
  var box = reply.getBoundingClientRect();
  if (box.height > window.innerHeight) {
    reply.scrollIntoView({block: 'start'});
  } else if (box.top < 0 || box.bottom > window.innerHeight) {
    reply.scrollIntoView({block: 'nearest'});
  }
}

element.addEventListener('click', function (event) {
  var marker = event.target.closest('.pt-marker');
  if (marker) {
    showPreview(marker, true);
    cite(marker);
    return;
  }
  var chip = event.target.closest('.pt-cite');
  if (chip) {
    cite(chip);
    revealSources();
    return;
  }
  var copy = event.target.closest('.pt-copy');
  if (copy) {
    var text = copy.parentElement.querySelector('.pt-copy-text');
    copyText(copy, text ? text.textContent : '');
    return;
  }
  var vote = event.target.closest('[data-vote]');
  if (vote && !vote.disabled) {
    element.querySelectorAll('[data-vote][data-turn="' + vote.dataset.turn + '"]')
      .forEach(function (b) { b.disabled = true; });
    trigger('click', {action: 'vote', turn: Number(vote.dataset.turn), helpful: vote.dataset.vote === 'up'});
  }
});

element.addEventListener('mouseover', function (event) {
  var marker = event.target.closest('.pt-marker');
  if (marker && window.matchMedia('(hover: hover)').matches && (!preview || !preview.pinned || preview.hidden)) {
    showPreview(marker, false);
  }
});

element.addEventListener('mouseout', function (event) {
  var marker = event.target.closest('.pt-marker');
  if (!marker || !preview || preview.pinned) { return; }
  var to = event.relatedTarget;
  if (to && (preview.contains(to) || marker.contains(to))) { return; }
  hidePreview();
});

document.addEventListener('click', function (event) {
  if (preview && !preview.hidden && !preview.contains(event.target) && !event.target.closest('.pt-marker')) {
    hidePreview();
  }
});
document.addEventListener('keydown', function (event) { if (event.key === 'Escape') { hidePreview(); } });
window.addEventListener('scroll', hidePreview, true);

if (typeof watch === 'function') {
  watch('value', function () { hidePreview(); showNewest(); });
}
