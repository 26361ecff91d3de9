// The CSM page's work list: the bulk bar counts the checked rows and enables its actions only when
// some are; "select all" checks the page's rows (answers of 422 are swapped in by app.js, on every page).
// On a phone, panels marked "foldable" (the alerts, my tasks, the filters) show their short form until their
// "Show" button is pressed; an unfolded panel stays unfolded when htmx reloads it. The folds start with this
// script (the page is marked "folding"), so a page without it shows every panel whole.
(() => {
  document.documentElement.classList.add('folding');
  const unfolded = new Set();
  const applyFolds = () => {
    document.querySelectorAll('.foldable[id]').forEach((panel) => {
      const open = unfolded.has(panel.id);
      panel.classList.toggle('unfolded', open);
      panel.querySelectorAll('[data-fold-toggle]').forEach((button) => {
        button.setAttribute('aria-expanded', String(open));
        button.textContent = open ? button.dataset.hide : button.dataset.show;
      });
    });
  };
  document.addEventListener('click', (event) => {
    const button = event.target.closest('[data-fold-toggle]');
    const panel = button && button.closest('.foldable[id]');
    if (!panel) return;
    if (unfolded.has(panel.id)) unfolded.delete(panel.id); else unfolded.add(panel.id);
    applyFolds();
  });

  const selectedCount = () => document.querySelectorAll('#account-list input[data-select]:checked').length;
  const refresh = () => {
    const count = selectedCount();
    document.querySelectorAll('[data-selected-count]').forEach((el) => { el.textContent = String(count); });
    document.querySelectorAll('[data-needs-selection]').forEach((el) => {
      if (!el.dataset.htmxDisabled) el.disabled = count === 0; // a form being sent keeps its buttons off
    });
    document.querySelectorAll('.bulk-bar').forEach((bar) => { bar.classList.toggle('has-selection', count > 0); });
    const all = document.querySelector('#account-list [data-select-all]');
    if (all) {
      const rows = document.querySelectorAll('#account-list input[data-select]').length;
      all.checked = rows > 0 && count === rows;
      all.indeterminate = count > 0 && count < rows;
    }
  };

  document.addEventListener('change', (event) => {
    const target = event.target;
    if (target.matches('[data-select-all]')) {
      document.querySelectorAll('#account-list input[data-select]').forEach((box) => { box.checked = target.checked; });
    }
    if (target.matches('[data-select], [data-select-all]')) refresh();
  }, true);

  // A task made for the ticked accounts empties its form, as any form that worked does: the ticks stay (for the
  // next action), and a second click would make the same task again on every one of them.
  document.addEventListener('htmx:afterRequest', (event) => {
    const form = event.detail && event.detail.elt;
    const xhr = event.detail && event.detail.xhr;
    // a 2xx only: a refusal (422, what to fix) is swapped in as an answer too, and keeps what was typed
    if (form instanceof HTMLFormElement && form.classList.contains('bulk-task') && xhr && xhr.status >= 200
        && xhr.status < 300) {
      form.reset();
    }
  });

  // A page that came back with something to fix in a panel (an alert's form posted before this script ran, on a
  // slow link: 422) or with every alert asked for opens that panel: folded, the form, the field at fault and the
  // list asked for would be hidden, and a browser gives no hidden field its autofocus, so the keyboard goes there.
  const openWhatAsks = () => {
    document.querySelectorAll('.foldable[id]').forEach((panel) => {
      if (panel.querySelector('[role=alert], [aria-invalid=true], input[name=all][value=true]')) unfolded.add(panel.id);
    });
    applyFolds();
    const field = document.querySelector('.foldable.unfolded [autofocus]');
    if (field && (!document.activeElement || document.activeElement === document.body)) field.focus();
  };
  document.addEventListener('DOMContentLoaded', () => { refresh(); openWhatAsks(); });
  // on the swap, before the settle: app.js puts the focus back then, on a bar button the list's reload drew
  // disabled (it fell back to the table, and a keyboard user had to come back up to the bar)
  document.addEventListener('htmx:afterSwap', refresh);
  document.addEventListener('htmx:afterSettle', () => { refresh(); applyFolds(); });
})();
