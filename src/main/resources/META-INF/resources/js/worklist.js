// The CSM page's work list: the bulk bar counts the checked rows and enables its actions only when
// some are; "select all" checks the page's rows; and answers of 422 (what to fix, with nothing
// changed, e.g. a snooze without its date) are swapped in like any answer so the page shows them as errors.
(() => {
  const selectedCount = () => document.querySelectorAll('#account-list input[data-select]:checked').length;
  const refresh = () => {
    const count = selectedCount();
    document.querySelectorAll('[data-selected-count]').forEach((el) => { el.textContent = String(count); });
    document.querySelectorAll('[data-needs-selection]').forEach((el) => { el.disabled = count === 0; });
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

  document.addEventListener('DOMContentLoaded', refresh);
  document.addEventListener('htmx:afterSettle', refresh);
  document.addEventListener('htmx:beforeSwap', (event) => {
    if (event.detail.xhr.status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
