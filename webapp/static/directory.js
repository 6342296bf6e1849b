// js_on_load of the unit directory: a task id opens that task (and, where the task view is
// out of sight, as below a long list on a phone, the page goes to it once it has changed).
element.addEventListener('click', function (event) {
  var task = event.target.closest('[data-task]');
  if (task) {
    window.ptRevealTask = true;
    trigger('click', {task: task.dataset.task});
  }
});
