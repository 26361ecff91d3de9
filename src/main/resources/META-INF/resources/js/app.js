// Behaviour every page shares, on top of htmx: a progress bar and aria-busy while a request is on its way, the
// submit buttons of a form that is sending disabled, and keyboard focus kept on the control that asked for the
// swap (a sort link, a select) when the region holding it is replaced.
(function () {
  'use strict';

  let pending = 0;
  let bar = null;

  function progress(on) {
    if (!bar) {
      bar = document.createElement('div');
      bar.className = 'htmx-progress';
      bar.setAttribute('aria-hidden', 'true');
      document.body.appendChild(bar);
    }
    document.documentElement.classList.toggle('htmx-busy', on);
  }

  function targetOf(event) {
    const target = event.detail && event.detail.target;
    return target instanceof Element ? target : null;
  }

  // A stable description of the focused element, to find its twin in the swapped-in content.
  function describe(element) {
    if (!element || element === document.body) return null;
    if (element.id) return { id: element.id };
    const name = element.getAttribute('name');
    if (name) return { name: name, tag: element.tagName };
    return { tag: element.tagName, text: (element.textContent || '').trim() };
  }

  function find(root, key) {
    if (key.id) return document.getElementById(key.id);
    const candidates = root.querySelectorAll(key.tag.toLowerCase());
    for (const candidate of candidates) {
      if (key.name ? candidate.getAttribute('name') === key.name : (candidate.textContent || '').trim() === key.text) {
        return candidate;
      }
    }
    return null;
  }

  let focusKey = null;

  document.addEventListener('htmx:beforeRequest', (event) => {
    pending++;
    progress(true);
    const target = targetOf(event);
    if (target) target.setAttribute('aria-busy', 'true');
    // Only a form being submitted: a preview posted on input or change must not disable the button about to be clicked.
    const elt = event.detail.elt;
    const cause = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
    if (elt && elt.tagName === 'FORM' && cause && cause.type === 'submit' && !elt.hasAttribute('hx-disabled-elt')) {
      elt.querySelectorAll('button[type=submit], button:not([type])').forEach((b) => {
        if (!b.disabled) { b.disabled = true; b.dataset.htmxDisabled = 'true'; }
      });
    }
    const active = document.activeElement;
    focusKey = active && target && target.contains(active) ? describe(active) : null;
  });

  document.addEventListener('htmx:afterRequest', (event) => {
    pending = Math.max(0, pending - 1);
    if (pending === 0) progress(false);
    const target = targetOf(event);
    if (target) target.removeAttribute('aria-busy');
    document.querySelectorAll('button[data-htmx-disabled]').forEach((b) => {
      b.disabled = false; delete b.dataset.htmxDisabled;
    });
  });

  document.addEventListener('htmx:afterSettle', (event) => {
    document.querySelectorAll('[aria-busy="true"]').forEach((el) => { if (pending === 0) el.removeAttribute('aria-busy'); });
    if (!focusKey) return;
    const active = document.activeElement;
    if (active && active !== document.body && document.contains(active)) { focusKey = null; return; }
    const again = find(event.target instanceof Element ? event.target : document, focusKey) || find(document, focusKey);
    focusKey = null;
    if (again && typeof again.focus === 'function') again.focus({ preventScroll: true });
  });

  // A scroll container the keyboard can reach only when it really scrolls (axe: scrollable-region-focusable).
  function scrollables(root) {
    root.querySelectorAll('.table-scroll').forEach((box) => {
      const scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute('tabindex')) {
        box.setAttribute('tabindex', '0');
        box.setAttribute('role', 'region');
        const table = box.querySelector('table');
        const caption = table && table.querySelector('caption');
        const labelled = table && table.getAttribute('aria-labelledby');
        const heading = labelled && document.getElementById(labelled);
        box.setAttribute('aria-label', ((caption || heading) ? (caption || heading).textContent.trim() : 'Table')
          + ' (scrolls sideways)');
        box.dataset.autoScroll = 'true';
      } else if (!scrolls && box.dataset.autoScroll) {
        box.removeAttribute('tabindex'); box.removeAttribute('role'); box.removeAttribute('aria-label');
        delete box.dataset.autoScroll;
      }
    });
  }

  document.addEventListener('DOMContentLoaded', () => scrollables(document));
  document.addEventListener('htmx:afterSettle', (event) => scrollables(event.target instanceof Element ? event.target : document));
  window.addEventListener('resize', () => scrollables(document));
})();
