// The quick jump on every page: Ctrl-K / Cmd-K (no single-key shortcut) or its button opens a dialog that
// searches the tenant's accounts by name or id (htmx fills #jump-results from /jump); ↓ ↑ move
// through the results, Enter opens one, Esc or its Close button closes (the <dialog> gives focus back). Enter in the field opens
// the first account found for what the field holds now: typed faster than the answer came, it waits for that
// answer (the results carry the text they were found for) rather than opening a hit of an earlier text; ↓ in
// the field waits for it the same way, then moves to its first hit (a hit of the earlier text, once focused, would
// be swapped away under the keyboard). An Enter that confirms an input method's composition is left to the input
// method.
document.addEventListener('DOMContentLoaded', () => {
  const dialog = document.getElementById('quick-jump');
  if (!dialog) return;
  const input = document.getElementById('jump-q');
  const hits = () => Array.from(dialog.querySelectorAll('[data-jump-hit]'));
  const open = () => {
    if (dialog.open) return;
    dialog.showModal();
    input.select();
  };
  const composing = (event) => event.isComposing || event.keyCode === 229;
  const current = () => {
    const results = document.getElementById('jump-results');
    return results && results.dataset.q === input.value;
  };
  let openWhenFound = false;
  let focusWhenFound = false;
  const openFirst = () => {
    const list = hits();
    if (list.length) list[0].click();
  };
  document.body.addEventListener('htmx:afterSettle', () => {
    if (!current()) return;
    if (openWhenFound) {
      openWhenFound = false;
      openFirst();
    } else if (focusWhenFound) {
      focusWhenFound = false;
      const list = hits();
      if (list.length) list[0].focus();
    }
  });

  document.addEventListener('keydown', (event) => {
    if (composing(event)) return;
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
      event.preventDefault();
      open();
    }
  });
  // the button is hidden in the page: without this script it would open nothing
  const mac = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
  document.querySelectorAll('[data-jump-open]').forEach((button) => {
    const key = button.querySelector('kbd');
    if (key && mac) key.textContent = '⌘K';
    button.hidden = false;
    button.addEventListener('click', open);
  });
  dialog.querySelectorAll('[data-jump-close]').forEach((button) => button.addEventListener('click', () => dialog.close()));
  // closed (Esc, a click outside, Close) before the answer came: the Enter pressed meanwhile opens nothing any more
  dialog.addEventListener('close', () => { openWhenFound = false; focusWhenFound = false; });
  // a click on the backdrop closes it; one in the dialog's own padding (its target is the dialog too) does not
  dialog.addEventListener('click', (event) => {
    if (event.target !== dialog) return;
    const box = dialog.getBoundingClientRect();
    const inside = event.clientX >= box.left && event.clientX <= box.right
      && event.clientY >= box.top && event.clientY <= box.bottom;
    if (!inside) dialog.close();
  });
  input.addEventListener('input', () => {
    openWhenFound = false;
    focusWhenFound = false;
  });
  dialog.addEventListener('keydown', (event) => {
    if (composing(event)) return;
    const list = hits();
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') {
      if (event.key === 'Enter' && document.activeElement === input) {
        if (current()) {
          if (list.length) {
            event.preventDefault();
            list[0].click();
          }
        } else {
          openWhenFound = true;
        }
      }
      return;
    }
    if (event.key === 'ArrowDown' && document.activeElement === input && !current()) {
      event.preventDefault();
      focusWhenFound = true;
      return;
    }
    if (!list.length) return;
    event.preventDefault();
    const at = list.indexOf(document.activeElement);
    const next = event.key === 'ArrowDown' ? Math.min(at + 1, list.length - 1) : at - 1;
    if (next < 0) input.focus(); else list[next].focus();
  });
});
