// js_on_load of the task view: brought into sight after a task was opened from the directory.
if (typeof watch === 'function') {
  watch('value', function () {
    if (!window.ptRevealTask) { return; }
    window.ptRevealTask = false;
    var box = element.getBoundingClientRect();
    if (box.top < 0 || box.top > window.innerHeight * 0.6) { element.scrollIntoView({block: 'start'}); }
  });
}
