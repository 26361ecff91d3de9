// The health-model editor's weights: typed freely, then "Rebalance the others" scales the weights the user did not
// touch last so the group adds up to 100 again. A draft with unsaved changes asks before the page is left. On a phone,
// a bar stuck to the bottom of the form keeps the draft's total and its effect in view.
(function () {
  'use strict';

  const form = document.getElementById('model-form');
  if (!form) return;
  // "Rebalance the others" needs this script: without it the buttons are not shown
  form.querySelectorAll('.weight-tools[hidden]').forEach((tools) => { tools.hidden = false; });
  // a total, the draft's effect or its problems are announced when they change, not again with every preview (each
  // brings its live regions' content anew, and the problems were read out again at each pause in the typing)
  document.body.addEventListener('htmx:oobBeforeSwap', (event) => {
    const target = event.detail.target;
    // trimmed: the page's first total ends with its template's line break, the previews' do not
    const same = (a, b) => (a || '').trim() === (b || '').trim();
    if (target.matches('output.weight-sum, #preview-status')
        && same(target.innerHTML, event.detail.fragment.innerHTML)) {
      event.detail.shouldSwap = false;
    }
  });
  // by group: a segment's free text ("__proto__" and "default" included), "" for the default weights (no segment
  // is blank)
  const lastEdited = new Map();
  // a page that opens on a draft (a save refused, the suggested weights loaded) has unsaved changes already
  let dirty = form.hasAttribute('data-dirty');

  function inputsOf(group) {
    const box = form.querySelector('.weights[data-weights="' + CSS.escape(group) + '"]');
    return box ? Array.from(box.querySelectorAll('input[type=number]')) : [];
  }

  const round = (v) => Math.round(v * 10) / 10;

  function rebalance(group) {
    const inputs = inputsOf(group);
    if (inputs.length < 2) return;
    const kept = inputs.find((i) => i.id === lastEdited.get(group)) || inputs[0];
    // rounded first: the room left is what the shown value leaves (33.35 kept as 33.4 leaves 66.6, not 66.65)
    const keep = round(Math.min(100, Math.max(0, parseFloat(kept.value) || 0)));
    kept.value = String(keep);
    const others = inputs.filter((i) => i !== kept);
    const values = others.map((i) => Math.max(0, parseFloat(i.value) || 0));
    const sum = values.reduce((a, b) => a + b, 0);
    const room = 100 - keep;
    let scaled = values.map((v) => (sum > 0 ? round(v * room / sum) : round(room / others.length)));
    // the rounding remainder goes to the largest, so the total is exactly 100
    const remainder = round(room - scaled.reduce((a, b) => a + b, 0));
    if (remainder !== 0) {
      const largest = scaled.indexOf(Math.max(...scaled));
      scaled[largest] = round(scaled[largest] + remainder);
    }
    others.forEach((input, i) => { input.value = String(scaled[i]); });
    dirty = true;
    kept.dispatchEvent(new Event('change', { bubbles: true }));
  }

  form.addEventListener('input', (event) => {
    if (!event.isTrusted) return;
    dirty = true;
    const box = event.target.closest('.weights[data-weights]');
    if (box) lastEdited.set(box.dataset.weights, event.target.id);
  });
  form.addEventListener('change', (event) => { if (event.isTrusted) dirty = true; });
  form.addEventListener('click', (event) => {
    const button = event.target.closest('[data-rebalance]');
    if (button) { event.preventDefault(); rebalance(button.dataset.rebalance); }
  });
  form.addEventListener('submit', () => { dirty = false; });
  window.addEventListener('beforeunload', (event) => {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = '';
  });

  // The sticky summary on a phone: the weights' total and what the draft would do, from the preview just drawn.
  function summarise() {
    const bar = document.getElementById('editor-summary');
    if (!bar) return;
    const text = (selector) => {
      const el = document.querySelector(selector);
      return el ? el.textContent.replace(/\s+/g, ' ').trim() : '';
    };
    const parts = [text('#sum-default')];
    const problems = document.querySelector('[data-testid="model-problems"]');
    if (problems) {
      parts.push(problems.children.length + (problems.children.length === 1 ? ' problem to fix' : ' problems to fix'));
    } else if (document.querySelector('[data-testid="draft-healthy"]')) {
      parts.push('Draft: ' + text('[data-testid="draft-healthy"]') + ' healthy, ' + text('[data-testid="draft-at-risk"]') + ' at risk');
      parts.push(text('[data-testid="preview-changed"]'));
    }
    bar.textContent = '';
    parts.filter((p) => p).forEach((p) => {
      const span = document.createElement('span');
      span.textContent = p;
      bar.appendChild(span);
    });
    const link = document.createElement('a');
    link.href = '#preview';
    link.textContent = 'See the preview';
    bar.appendChild(link);
  }

  // A segment's weights are sent only while it uses its own, or has them in the model in use (its box unticked is
  // then sent as unticked, also on a page drawn again from a draft): with a few hundred segments every field would be
  // more than a form may hold (1,000). The server shows one not sent with the default weights. Without JavaScript
  // all are sent.
  function follow(box) {
    const details = box.closest('details.segment');
    if (!details) return;
    const off = !box.checked && box.dataset.inUse !== 'true';
    details.querySelectorAll('.weights input, [data-rebalance]').forEach((field) => { field.disabled = off; });
  }
  const segmentBoxes = () => form.querySelectorAll('details.segment input[type=checkbox]');
  segmentBoxes().forEach(follow);
  form.addEventListener('change', (event) => {
    if (event.target.matches('details.segment input[type=checkbox]')) follow(event.target);
  });
  // a page restored from the back/forward cache keeps its ticks
  window.addEventListener('pageshow', () => segmentBoxes().forEach(follow));

  // The fields a problem of the preview is about are marked, and tied to it (read out with the field); the marks of
  // the draft before go first.
  function mark() {
    form.querySelectorAll('[data-marked]').forEach((field) => {
      ['aria-invalid', 'aria-describedby', 'data-marked'].forEach((name) => field.removeAttribute(name));
    });
    document.querySelectorAll('[data-testid="model-problems"] li[id]').forEach((item) => {
      item.querySelectorAll('[data-field]').forEach((named) => {
        const field = form.elements.namedItem(named.dataset.field);
        if (!field || !field.setAttribute) return;
        const ids = (field.getAttribute('aria-describedby') || '').split(' ').filter((id) => id && id !== item.id);
        field.setAttribute('aria-invalid', 'true');
        field.setAttribute('aria-describedby', ids.concat(item.id).join(' '));
        field.setAttribute('data-marked', '');
      });
    });
  }

  document.addEventListener('htmx:afterSettle', () => { summarise(); mark(); });
  document.addEventListener('DOMContentLoaded', () => { summarise(); mark(); });
})();
