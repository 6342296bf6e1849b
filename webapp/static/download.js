() => {
  // The conversation as a Markdown file, made in the browser from the copy the page holds.
  const source = document.querySelector('#conversation .pt-markdown');
  if (!source) { return; }
  const url = URL.createObjectURL(new Blob([source.textContent], {type: 'text/markdown;charset=utf-8'}));
  const link = document.createElement('a');
  link.href = url;
  link.download = source.dataset.filename || 'conversation.md';
  document.body.appendChild(link);
  link.click();
  setTimeout(() => { URL.revokeObjectURL(url); link.remove(); }, 1000);
}
