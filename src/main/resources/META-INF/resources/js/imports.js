// The upload form of /admin/imports: shows the chosen files, accepts dropped files, and reports
// upload progress; while an upload is in flight the live panel polls the import's progress every second (an
// htmx trigger filter such as [window.uploading] would need eval, which the pages' CSP forbids: htmx then
// polled without it, forever).
document.addEventListener('DOMContentLoaded', () => {
  const form = document.getElementById('upload-form');
  if (!form) return;
  const input = document.getElementById('file-input');
  const chosen = document.getElementById('chosen-files');
  const progress = document.getElementById('upload-progress');
  const state = document.getElementById('upload-state');
  const zone = form.querySelector('.dropzone');
  const live = document.getElementById('import-live');
  let polling = null;

  const size = (bytes) => bytes < 1048576 ? Math.max(1, Math.round(bytes / 1024)) + ' KB'
    : (bytes / 1048576).toFixed(1) + ' MB';
  const showChosen = () => chosen.replaceChildren(...Array.from(input.files).map((file) => {
    const item = document.createElement('li');
    item.textContent = file.name + ' (' + size(file.size) + ')';
    return item;
  }));

  input.addEventListener('change', showChosen);
  ['dragenter', 'dragover'].forEach((type) => zone.addEventListener(type, (event) => {
    event.preventDefault();
    zone.classList.add('over');
  }));
  ['dragleave', 'drop'].forEach((type) => zone.addEventListener(type, () => zone.classList.remove('over')));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    input.files = event.dataTransfer.files;
    showChosen();
  });

  // A CSV over the limit per file is refused by the server only once it has all of it, minutes on a slow link:
  // said at once, beside the field, and not sent (a zip's files are measured as it is read, by the server alone)
  form.addEventListener('htmx:beforeRequest', (event) => {
    const maxBytes = Number(form.dataset.maxBytes) || 0;
    const over = Array.from(input.files).filter((f) => maxBytes && f.size > maxBytes
      && f.name.toLowerCase().endsWith('.csv'));
    input.removeAttribute('aria-invalid');
    if (!over.length) return;
    event.preventDefault();
    state.textContent = 'Not sent: ' + over.map((f) => f.name + ' is ' + size(f.size)).join(', ') + ', over the '
      + form.dataset.maxSize + ' a file may be. Split it (e.g. by month) and upload the parts one after the other.';
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  });

  // The upload's own progress, from its xhr.upload: htmx's htmx:xhr:progress tells the answer's download alike,
  // which counted "Uploading… 3%" again while a long list of problems arrived. The status region is rewritten
  // at each tenth only: a screen reader queued every percent.
  form.addEventListener('htmx:beforeSend', (event) => {
    const xhr = event.detail.xhr;
    if (!xhr || !xhr.upload) return;
    if (!polling) polling = setInterval(() => htmx.trigger(live, 'poll'), 1000);
    progress.hidden = false;
    progress.value = 0;
    state.textContent = 'Uploading…';
    let said = 0;
    xhr.upload.addEventListener('progress', (progressEvent) => {
      if (!progressEvent.lengthComputable) return;
      const percent = Math.round(progressEvent.loaded * 100 / progressEvent.total);
      progress.value = percent;
      const tenth = Math.floor(percent / 10);
      if (percent < 100 && tenth > said) {
        said = tenth;
        state.textContent = 'Uploading… ' + tenth * 10 + '%';
      }
    });
    xhr.upload.addEventListener('loadend', () => {
      progress.value = 100;
      state.textContent = 'Uploaded; checking and applying the files…';
    });
  });
  // problems to fix, just swapped in: their heading takes the focus (the button, disabled during the upload, had
  // lost it) and is read out; the groups below are read as the person moves on. Only on this answer's swap: a
  // failed request swaps nothing, and the previous attempt's problems are not this one's
  document.addEventListener('htmx:afterSwap', (event) => {
    if (!(event.target instanceof Element) || event.target.id !== 'import-result') return;
    const problems = event.target.querySelector('[data-problems] h3');
    // the outcome otherwise ("Imported", "Not imported"): Tab then goes on from the result, not the page's top
    const heading = problems || event.target.querySelector('h3[tabindex]');
    if (heading) heading.focus();
  });
  form.addEventListener('htmx:afterRequest', (event) => {
    clearInterval(polling);
    polling = null;
    progress.hidden = true;
    // the outcome said in the status region that stays in the page (a region swapped in whole is seldom read
    // out); a refusal is an alert of its own, read out as it arrives
    const imported = document.querySelector('#import-result .result-ok');
    state.textContent = !event.detail.successful || !imported ? ''
      : imported.querySelector('strong') ? 'Imported: nothing changed.' : 'Imported; recalculating the metrics.';
    // the files stay chosen when trying the same ones again may work: no connection, a server error, another
    // import running (409, or the page's answer marked data-keep-files), a session to sign in again (401, 403,
    // 499); a file refused for itself (422, 413) is to be fixed and chosen again
    const xhr = event.detail.xhr;
    const status = xhr ? xhr.status : 0;
    const retry = status === 409 || (xhr && (xhr.responseText || '').includes('data-keep-files'));
    if (!retry && (event.detail.successful || status === 422 || status === 413)) {
      form.reset();
      chosen.replaceChildren();
    }
  });
});
