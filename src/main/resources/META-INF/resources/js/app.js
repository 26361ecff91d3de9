// Behaviour every page shares, on top of htmx: a progress bar and aria-busy while a request is on its way, the
// submit buttons of a form that is sending disabled (a plain form is sent once), and keyboard focus kept on the
// control that asked for the swap (a sort link, a select) when the region holding it is replaced.
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

  // Where a form sends (its htmx or its plain address), or "" for none: what tells apart the rows' same controls.
  function address(form) {
    return form ? (form.getAttribute('hx-post') || form.getAttribute('action') || '') : '';
  }

  // A stable description of the focused element, to find its twin in the swapped-in content.
  function describe(element) {
    if (!element || element === document.body) return null;
    if (element.id) return { id: element.id };
    // the same name or text recurs on every row (each task's "Complete"): its form's address tells them apart
    const form = element.closest('form');
    const where = address(form);
    const name = element.getAttribute('name');
    // a button's value names what it does (complete or reopen); a field's value is what was typed
    // so does a checkbox's or a radio button's (each row's tick of the account list: the same name, its own value)
    const value = element.tagName === 'BUTTON' || element.type === 'checkbox' || element.type === 'radio'
      ? element.getAttribute('value') : null;
    if (name) return { name: name, value: value, where: where, tag: element.tagName };
    return { tag: element.tagName, text: (element.textContent || '').trim(), where: where };
  }

  function find(root, key) {
    if (key.id) return document.getElementById(key.id);
    const candidates = root.querySelectorAll(key.tag.toLowerCase());
    let sameForm = null; // a completed task's button now reopens it: the same form's button of that name
    for (const candidate of candidates) {
      const form = candidate.closest('form');
      const where = address(form);
      if (where !== key.where) continue;
      if (key.name ? candidate.getAttribute('name') === key.name
          && (key.value === null || candidate.getAttribute('value') === key.value)
        : (candidate.textContent || '').trim() === key.text) {
        return candidate;
      }
      if (key.name && !sameForm && candidate.getAttribute('name') === key.name) sameForm = candidate;
    }
    return sameForm;
  }

  // Per request (its xhr): the control that had the focus in the region it replaces. Several regions reloading
  // at once (new figures: the tiles, the list, the alerts) each keep their own.
  const focusKeys = new WeakMap();

  // What the person typed, ticked or chose and has not sent yet survives the swap of the region holding it: a
  // list reloaded because new figures arrived keeps its ticked rows, a timeline filter keeps the note being
  // written, a preview keeps the digit typed while it was on its way. "Not sent" is measured against what the
  // field's form last sent (or, never sent, what the server rendered): a form that was sent comes back as the
  // server renders it (cleared once it worked, or showing what to fix), and so do filters after "Clear".
  const sentValues = new WeakMap(); // field → its value (or checked) when its form last sent a request
  const unsentValues = new WeakMap(); // xhr → the unsent fields its answer is about to replace

  const boxed = (field) => field.type === 'checkbox' || field.type === 'radio';

  function fieldKey(field) {
    const name = field.getAttribute('name') || field.id;
    if (!name) return null;
    const form = field.form;
    // without the query: a panel reloaded under other filters posts to the same alert with another query
    const where = (address(form) || (form && form.id) || '').split('?')[0];
    return where + '\n' + name + (boxed(field) ? '\n' + field.value : '');
  }

  function unsent(field) {
    if (field.disabled || ['hidden', 'file', 'submit', 'button', 'reset', 'image'].includes(field.type)) return false;
    const sent = sentValues.get(field);
    // a form drawn refused (data-refused: the server put back what was typed, with what to fix) holds typing not
    // yet taken, though it is what the page drew: a panel redrawn before it is sent again keeps it
    const typed = field.form && field.form.hasAttribute('data-refused');
    if (boxed(field)) return field.checked !== (sent !== undefined ? sent : field.defaultChecked);
    if (field.tagName === 'SELECT') {
      if (field.multiple) return false;
      const first = (!typed && Array.from(field.options).find((option) => option.defaultSelected)) || field.options[0];
      return field.value !== (sent !== undefined ? sent : first ? first.value : '');
    }
    return field.value !== (sent !== undefined ? sent : typed ? '' : field.defaultValue);
  }

  function sendingForm(event) {
    const config = event.detail.requestConfig;
    const elt = (config && config.elt) || event.detail.elt;
    const form = elt instanceof HTMLFormElement ? elt : elt && elt.form;
    return form instanceof HTMLFormElement ? form : null;
  }

  // Whether a field holds something else than the page rendered in it (typed, chosen), whatever was sent.
  function rendered(field) {
    if (field.disabled || ['hidden', 'file', 'submit', 'button', 'reset', 'image'].includes(field.type)) return false;
    if (boxed(field)) return field.checked !== field.defaultChecked;
    if (field.tagName === 'SELECT') {
      const first = Array.from(field.options).find((option) => option.defaultSelected) || field.options[0];
      return !field.multiple && field.value !== (first ? first.value : '');
    }
    return field.value !== field.defaultValue;
  }

  document.addEventListener('htmx:beforeRequest', (event) => {
    const elt = event.detail.elt;
    const form = elt instanceof HTMLFormElement ? elt : elt && elt.form;
    if (!(form instanceof HTMLFormElement)) return;
    Array.from(form.elements).forEach((field) => sentValues.set(field, boxed(field) ? field.checked : field.value));
  });

  // A form refused (422) is to be fixed, not retyped: what it sent counts as unsent again, so that a list reloaded
  // before it is sent again (the bulk bar's, whose answer goes elsewhere) keeps it.
  document.addEventListener('htmx:afterRequest', (event) => {
    const xhr = event.detail.xhr;
    const form = xhr && xhr.status === 422 ? sendingForm(event) : null;
    if (form) Array.from(form.elements).forEach((field) => sentValues.delete(field));
  });

  function keepUnsent(event) {
    const kept = [];
    // a form refused (422: what to fix) keeps what it sent too: its answer says what to fix in it, and a note
    // typed at length must not be lost for a date left empty
    const refused = event.detail.xhr && event.detail.xhr.status === 422 ? sendingForm(event) : null;
    document.querySelectorAll('input, select, textarea').forEach((field) => {
      if (!unsent(field) && !(refused && field.form === refused && rendered(field))) return;
      const key = fieldKey(field);
      if (!key) return;
      let selection = null;
      try {
        if (document.activeElement === field && field.selectionStart !== null) {
          selection = [field.selectionStart, field.selectionEnd];
        }
      } catch (ignored) { /* a field without a caret */ }
      const fold = field.closest('details');
      kept.push({ field, key, value: field.value, checked: field.checked, selection, open: !!fold && fold.open });
    });
    if (kept.length) unsentValues.set(event.detail.xhr, kept);
  }

  // Kept values whose fields left the page because a loader took their region's place (an element fetched on
  // "load": the bulk bar's answer puts one for "My tasks"; a tile or "Clear the filters" redraws the CSM page's work
  // area with it) are carried to the loaders' own answers of the next few seconds, then dropped. A field still on
  // the page (a refused form showing what was typed) or gone with no loader to bring it back is not carried.
  const CARRY_MILLIS = 10000;
  let carried = [];
  const loader = (elt) => elt instanceof Element && elt.getAttribute('hx-trigger') === 'load';

  // Puts the kept values into the fields that replaced theirs, as soon as they are in the page (a request htmx
  // queued meanwhile goes out right after the swap, and must send them); answers where the caret goes back.
  // fromLoader: the answer of a loader, which also takes the values carried to it.
  function restoreUnsent(xhr, fromLoader) {
    const now = Date.now();
    const kept = (unsentValues.get(xhr) || []).concat(fromLoader ? carried.filter((entry) => entry.until > now) : []);
    unsentValues.delete(xhr);
    if (fromLoader) carried = [];
    let caret = null;
    kept.forEach((entry) => {
      if (document.contains(entry.field)) return; // not swapped out: it still holds what was typed
      const fields = Array.from(document.querySelectorAll(entry.field.tagName.toLowerCase()))
        .filter((candidate) => fieldKey(candidate) === entry.key);
      const twin = fields.find((candidate) => !unsent(candidate));
      if (!twin) {
        if (!fields.length && document.querySelector('[hx-trigger="load"]')) {
          carried.push(Object.assign(entry, { until: entry.until || now + CARRY_MILLIS }));
        }
        return;
      }
      if (boxed(twin)) {
        twin.checked = entry.checked;
      } else if (twin.value !== entry.value) {
        // a choice the new list no longer offers (an alert acknowledged meanwhile) is not forced on it
        if (twin.tagName === 'SELECT' && !Array.from(twin.options).some((o) => o.value === entry.value)) return;
        twin.value = entry.value;
      }
      if (entry.open) {
        for (let fold = twin.closest('details'); fold; fold = fold.parentElement && fold.parentElement.closest('details')) {
          fold.open = true;
        }
      }
      if (entry.selection) {
        caret = { field: twin, selection: entry.selection };
        if (document.activeElement === twin) select(caret); // htmx already gave it the focus (same id)
      }
    });
    return caret;
  }

  function select(caret) {
    try { caret.field.setSelectionRange(caret.selection[0], caret.selection[1]); } catch (ignored) { /* no caret */ }
  }

  const carets = new WeakMap(); // xhr → the caret restoreUnsent kept, for the focus put back after the settle

  // A poll of its own (the freshness badge) is not something the person did: no progress bar, no busy state
  // and, when it fails, no banner (the next poll tries again) unless the session has ended. Known by its request
  // too: the badge replaces itself, so htmx tells the poll's end on the badge's parent, which is no poll, and the
  // end counted down the person's own request still on its way (its list shown undimmed, no longer busy).
  const backgroundRequests = new WeakSet();
  function background(event) {
    const elt = event.detail && event.detail.elt;
    const xhr = event.detail && event.detail.xhr;
    return (elt instanceof Element && elt.hasAttribute('data-background'))
      || (xhr instanceof XMLHttpRequest && backgroundRequests.has(xhr));
  }

  // Per request: what ends it (counts it down, once). htmx tells the end on the element that sent it, which a
  // quicker answer may have swapped out of the page meanwhile: its events then never reach the document, so the
  // request's own end counts too, or the bar would stay on for good.
  const finishers = new WeakMap();

  // Once the session has ended (a 499), polls stop asking: each would say so again, rebuilding the banner (and
  // taking the focus off its button) every few seconds while the person copies what they typed.
  let sessionEnded = false;
  // Likewise once the organisation is refused (suspended, deleted, or set up again since this sign-in): every request
  // would be refused alike, and the server names why in Bellwether-Refusal (web/ErrorMapper).
  let organisationRefused = false;
  function polls(event) {
    const elt = event.detail && event.detail.elt;
    return background(event) || (elt instanceof Element && /\bevery\b/.test(elt.getAttribute('hx-trigger') || ''));
  }

  document.addEventListener('htmx:beforeRequest', (event) => {
    if ((sessionEnded || organisationRefused) && polls(event)) { event.preventDefault(); return; }
    // a request a page's own script stopped (imports.js: a CSV over the limit) is never sent, and never ends
    if (event.defaultPrevented) return;
    if (background(event)) {
      if (event.detail.xhr) backgroundRequests.add(event.detail.xhr);
      return;
    }
    pending++;
    progress(true);
    const target = targetOf(event);
    if (target) target.setAttribute('aria-busy', 'true');
    const xhr = event.detail.xhr;
    if (xhr) {
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        pending = Math.max(0, pending - 1);
        if (pending === 0) progress(false);
        if (target) target.removeAttribute('aria-busy');
      };
      finishers.set(xhr, finish);
      xhr.addEventListener('loadend', finish, { once: true });
    }
    // Only a form being submitted: a preview posted on input or change must not disable the button about to be clicked.
    const elt = event.detail.elt;
    const cause = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
    if (elt && elt.tagName === 'FORM' && cause && cause.type === 'submit' && !elt.hasAttribute('hx-disabled-elt')) {
      elt.querySelectorAll('button[type=submit], button:not([type])').forEach((b) => {
        if (!b.disabled) { b.disabled = true; b.dataset.htmxDisabled = 'true'; }
      });
    }
    const active = document.activeElement;
    const key = active && target && target.contains(active) ? describe(active) : null;
    if (key && event.detail.xhr) focusKeys.set(event.detail.xhr, { key: key, regionId: target.id || null });
  });

  document.addEventListener('htmx:afterRequest', (event) => {
    const status = event.detail.xhr && event.detail.xhr.status;
    if (status >= 200 && status < 300) { // signed in again, in another tab; or the organisation resumed
      sessionEnded = false;
      organisationRefused = false;
    }
    if (background(event)) return;
    // only what began a count ends one: an end without its beginning took another request's off
    const finish = event.detail.xhr && finishers.get(event.detail.xhr);
    if (finish) finish();
    // only the buttons of the form whose request this was: a background poll ending must not free them
    const elt = event.detail.elt;
    if (elt instanceof Element) {
      elt.querySelectorAll('button[data-htmx-disabled]').forEach((b) => {
        b.disabled = false; delete b.dataset.htmxDisabled;
      });
    }
  });

  document.addEventListener('htmx:beforeSwap', keepUnsent);
  // An answer of 422 (what to fix, nothing changed: a saved view without a name, a snooze without its date) is
  // the form's region saying so: swapped in like any answer, on every page (htmx swaps no 4xx by itself).
  document.addEventListener('htmx:beforeSwap', (event) => {
    if (event.detail.xhr && event.detail.xhr.status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  document.addEventListener('htmx:afterSwap', (event) => {
    const xhr = event.detail && event.detail.xhr;
    const config = event.detail && event.detail.requestConfig;
    const fromLoader = carried.length > 0 && loader(config && config.elt);
    if (xhr && (unsentValues.has(xhr) || fromLoader)) {
      const caret = restoreUnsent(xhr, fromLoader);
      if (caret) carets.set(xhr, caret);
    }
  });

  document.addEventListener('htmx:afterSettle', (event) => {
    document.querySelectorAll('[aria-busy="true"]').forEach((el) => { if (pending === 0) el.removeAttribute('aria-busy'); });
    const xhr = event.detail && event.detail.xhr;
    if (!xhr) return;
    const caret = carets.get(xhr);
    carets.delete(xhr);
    const kept = focusKeys.get(xhr);
    focusKeys.delete(xhr);
    if (!kept) return;
    const focusKey = kept.key;
    const active = document.activeElement;
    if (active && active !== document.body && document.contains(active)) return;
    // the region the request replaced, as it is now: the first settle may be an out-of-band piece's (the
    // account's count of open alerts), which holds neither the control nor what the answer says
    const region = (kept.regionId && document.getElementById(kept.regionId))
      || (event.target instanceof Element ? event.target : null);
    const again = find(region || document, focusKey) || find(document, focusKey);
    if (again && typeof again.focus === 'function') again.focus({ preventScroll: true });
    if (!document.activeElement || document.activeElement === document.body) {
      // the control is gone or hidden (a form folded away once it worked): what the answer says takes the focus,
      // rather than the keyboard starting again from the top of the page
      // (a page of the list without the link that was used, the last one without Next: the list itself)
      const said = region && (region.querySelector('[role=status]:not([data-background]), [role=alert]')
        || region.querySelector('[data-focus-fallback]') || region.querySelector('h2'));
      if (said) {
        if (!said.hasAttribute('tabindex')) said.setAttribute('tabindex', '-1');
        said.focus({ preventScroll: true });
      }
    }
    if (caret && document.activeElement === caret.field) select(caret);
  });

  // In a form whose fields preview as they are typed and whose one submit button saves for real (the health
  // model, the alert rules), Enter in a field does not submit it: saving makes a version, recalculates, and may
  // open alerts, run playbooks and send e-mail. The Save button still saves; without scripts Enter still submits.
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.isComposing) return;
    const field = event.target;
    if (field instanceof HTMLInputElement && field.form && field.form.hasAttribute('data-enter-previews')
        && !['submit', 'button', 'reset', 'checkbox', 'radio'].includes(field.type)) {
      event.preventDefault();
    }
  });

  // A menu that opens over the page (the saved views): Escape folds it, or the confirmation open in it, and puts the
  // keyboard back on what opened it; Tab out of it folds it, so it never hides the field the keyboard moved to.
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || !(event.target instanceof Element)) return;
    const fold = event.target.closest('details.menu[open], details.menu details[open]');
    if (!fold) return;
    fold.open = false;
    const summary = fold.querySelector(':scope > summary');
    if (summary) summary.focus();
    event.preventDefault();
  });
  document.addEventListener('focusout', (event) => {
    const menu = event.target instanceof Element && event.target.closest('details.menu[open]');
    const next = event.relatedTarget;
    if (menu && next instanceof Node && !menu.contains(next)) menu.open = false;
  });

  // A scroll container the keyboard can reach only when it really scrolls (axe: scrollable-region-focusable).
  // A scrolling table's name: its caption, its own label, else the heading of the card it is in ("Table" at last),
  // so that a page of several (an account's surveys, tickets, activities) lists each by what it holds.
  function tableName(box) {
    const table = box.querySelector('table');
    const caption = table && table.querySelector('caption');
    if (caption) return caption.textContent.trim();
    if (table && table.getAttribute('aria-label')) return table.getAttribute('aria-label');
    const labelled = table && table.getAttribute('aria-labelledby')
      || (box.closest('[aria-labelledby]') || box).getAttribute('aria-labelledby');
    const heading = labelled && document.getElementById(labelled);
    return heading ? heading.textContent.replace(/\s+/g, ' ').trim() : 'Table';
  }

  function scrollables(root) {
    root.querySelectorAll('.table-scroll').forEach((box) => {
      const scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute('tabindex')) {
        box.setAttribute('tabindex', '0');
        box.setAttribute('role', 'region');
        box.setAttribute('aria-label', tableName(box) + ' (scrolls sideways)');
        box.dataset.autoScroll = 'true';
      } else if (!scrolls && box.dataset.autoScroll) {
        box.removeAttribute('tabindex'); box.removeAttribute('role'); box.removeAttribute('aria-label');
        delete box.dataset.autoScroll;
      }
    });
  }

  // A request that failed says so in a banner instead of doing nothing (htmx swaps nothing on an error). 499 is
  // a session that has ended (security/HtmxRequests): signing in again reloads the page, so the banner waits for
  // the person to click, leaving them time to copy what they typed. A 422 answered to a form is the form's own.
  function failure(text, action) {
    let banner = document.getElementById('request-failed');
    if (!banner) {
      banner = document.createElement('div');
      banner.id = 'request-failed';
      banner.className = 'request-failed';
      banner.setAttribute('role', 'alert');
    }
    // inside an open modal dialog (the quick jump), or the page behind it is inert: neither clickable nor read out
    (document.querySelector('dialog[open]') || document.body).appendChild(banner);
    banner.replaceChildren();
    const message = document.createElement('p');
    message.textContent = text;
    const reload = document.createElement('button');
    reload.type = 'button';
    reload.textContent = action;
    reload.addEventListener('click', () => window.location.reload());
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'request-failed-close';
    close.setAttribute('aria-label', 'Dismiss');
    close.textContent = '\u00d7';
    close.addEventListener('click', () => banner.remove());
    banner.append(message, reload, close);
  }

  // a dialog closing takes the banner put inside it out of sight: it goes back to the page
  document.addEventListener('close', (event) => {
    const banner = document.getElementById('request-failed');
    if (banner && event.target instanceof HTMLDialogElement && event.target.contains(banner)) {
      document.body.appendChild(banner);
    }
  }, true);

  document.addEventListener('htmx:responseError', (event) => {
    const status = event.detail.xhr.status;
    const refusal = status === 403 ? event.detail.xhr.getResponseHeader('Bellwether-Refusal') : null;
    if (refusal) { // the organisation's, not this action's: worth saying, whoever noticed, once
      if (organisationRefused && polls(event)) return;
      organisationRefused = true;
      failure(refusal + ' Copy anything you typed, then reload the page.', 'Reload the page');
      return;
    }
    if (background(event) && status !== 499) return; // an ended session is worth saying, whoever noticed
    if (status === 422) return;
    if (status === 499) {
      if (sessionEnded && polls(event)) return; // said already
      sessionEnded = true;
      // noticed by a poll (the badge's, an import's progress), nothing the person did was refused: "this" names nothing
      failure(polls(event) ? 'Your session has ended. Copy anything you typed, then sign in again.'
        : 'Your session has ended, so this was not done. Copy anything you typed, then sign in again.',
      'Sign in again');
    } else if (status === 403) {
      failure('This was refused: you may not do it, or the page has been open too long. Reload it and try again.',
        'Reload the page');
    } else if (status === 404) {
      failure('This is no longer there. Reload the page to see what is.', 'Reload the page');
    } else if (status === 413) {
      // the server's own fixed words on what was too large (a body, a form of too many fields), as plain text
      const xhr = event.detail.xhr;
      const said = (xhr.getResponseHeader('Content-Type') || '').startsWith('text/plain')
        ? xhr.responseText.trim() : '';
      failure((said || 'This was too large to send.') + ' Nothing was changed.', 'Reload the page');
    } else {
      failure('Bellwether could not do this (error ' + status + '). Reload the page and try again.',
        'Reload the page');
    }
  });
  document.addEventListener('htmx:sendError', (event) => {
    if (background(event)) return;
    failure('Bellwether could not be reached: check your connection, then reload the page and try again.',
      'Reload the page');
  });

  // A page whose figures only a reload brings anew (the account page: its forms may hold what is being typed) says,
  // once a recalculation has ended since it was drawn, that newer figures exist, with the way to them: the badge
  // above already gives their time.
  document.addEventListener('recalculated', () => {
    document.querySelectorAll('[data-newer-figures]').forEach((region) => {
      if (region.childElementCount) return;
      const note = document.createElement('p');
      note.className = 'notice-inline';
      const reload = document.createElement('a');
      // the address without its #fragment: with it (an account's #override after a form), the link only scrolled
      reload.href = window.location.pathname + window.location.search;
      reload.textContent = 'Reload the page';
      note.append(region.dataset.newerFigures + ' ', reload, ' to see them.');
      region.append(note);
    });
  });

  // A panel that stands in for a whole page until an event (the empty state until the first figures): the
  // page loads again, with its own scripts and charts, rather than a part of it being swapped.
  ['recalculated'].forEach((name) => document.addEventListener(name, () => {
    if (document.querySelector('[data-reload-on="' + name + '"]')) window.location.reload();
  }));

  // A form posted the plain way (not by htmx) and clicked twice before its page is replaced would be sent twice:
  // two ingest keys, two invitations. A second submit of a form already on its way is dropped. A page shown again
  // from the back-forward cache frees the form, and so do ten seconds (a navigation the person stopped).
  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (event.defaultPrevented || !(form instanceof HTMLFormElement) || form.method !== 'post') return;
    if (form.dataset.sending) { event.preventDefault(); return; }
    form.dataset.sending = 'true';
    setTimeout(() => { delete form.dataset.sending; }, 10000);
  });
  window.addEventListener('pageshow', () => document.querySelectorAll('form[data-sending]')
    .forEach((form) => { delete form.dataset.sending; }));
  // a form changed after it was sent (a navigation stopped, a choice corrected) is a new submission
  ['input', 'change'].forEach((type) => document.addEventListener(type, (event) => {
    const form = event.target && event.target.form;
    if (form) delete form.dataset.sending;
  }, true));

  // "today" on a form is the person's own day, not the server's (UTC): a date field marked data-local-today offers
  // no later day than the browser's, and starts at it when the page sends it empty (as a new note's date). The
  // server's own latest day (its max: a note is never dated in a month the figures have not reached) still holds:
  // on the 1st east of UTC the browser's day is past it, and the field offers and starts at the server's. The
  // value set here is also the field's default, so a day the person picks counts as typed and is kept when the
  // panel is drawn again.
  function localDays(root) {
    const now = new Date();
    const local = now.getFullYear() + '-' + String(now.getMonth() + 1).padStart(2, '0') + '-'
      + String(now.getDate()).padStart(2, '0');
    root.querySelectorAll('input[type=date][data-local-today]').forEach((input) => {
      const latest = input.dataset.serverMax || input.max;
      input.dataset.serverMax = latest;
      const today = latest && latest < local ? latest : local;
      input.max = today;
      if (!input.value) {
        input.value = today;
        input.defaultValue = today;
      }
    });
  }

  // A secret shown once (a new ingest key) has a button copying it whole: a double click selects only up to a "-".
  // The button is hidden until this script runs, so a page without it never offers what does nothing. Where the
  // clipboard cannot be written (a plain-http address other than localhost), the text is selected for a Ctrl+C.
  function copyButtons(root) {
    root.querySelectorAll('button[data-copy]').forEach((button) => { button.hidden = false; });
  }
  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element && event.target.closest('button[data-copy]');
    const source = button && document.getElementById(button.dataset.copy);
    if (!source) return;
    const status = document.getElementById(button.dataset.copy + '-status');
    const say = (text) => { if (status) status.textContent = text; };
    const select = () => {
      const range = document.createRange();
      range.selectNodeContents(source);
      window.getSelection().removeAllRanges();
      window.getSelection().addRange(range);
      say('Selected: press Ctrl+C (⌘C on a Mac) to copy it.');
    };
    say('');
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(source.textContent.trim()).then(() => say('Copied.'), select);
    } else {
      select();
    }
  });

  // A list that puts its address in the history (the CSM page's filters) adds no entry for the address it is at
  // already (a search's answer, then the change as its box loses focus; Enter's search and submit), nor one per
  // pause while a search is typed: the entry is replaced, and Back goes to the list before the search in one step.
  // Only the search's words: the pages of one search are entries of their own, as any list's are.
  function sameButTheSearch(a, b) {
    const rest = (url) => {
      const params = new URLSearchParams(url.search);
      params.delete('q');
      params.delete('page'); // a new search starts at its first page
      return url.pathname + '?' + params.toString();
    };
    const before = a.searchParams.get('q');
    const after = b.searchParams.get('q');
    return Boolean(before) && Boolean(after) && before !== after && rest(a) === rest(b);
  }
  document.addEventListener('htmx:beforeHistoryUpdate', (event) => {
    const update = event.detail && event.detail.history;
    if (!update || update.type !== 'push') return;
    const now = new URL(window.location.href);
    const next = new URL(update.path, now);
    if (next.pathname + next.search === now.pathname + now.search || sameButTheSearch(now, next)) {
      update.type = 'replace';
    }
  });

  // What a plain form did is said once, by the page it came back to ("?done=invited"): the address then drops
  // the word, so a reload, a bookmark or a link copied from the bar does not say it again.
  function forgetDone() {
    const url = new URL(window.location.href);
    if (!url.searchParams.has('done')) return;
    url.searchParams.delete('done');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  }

  // The page a plain form came back to says what it did in a status line that is there as the page opens, and a
  // screen reader reads out a status's changes, not its first words: the line takes the focus, which reads it out
  // and starts the keyboard there, unless the page gave the focus to something else (a field at fault).
  function sayDone() {
    if (!new URL(window.location.href).searchParams.has('done')) return;
    if (document.activeElement && document.activeElement !== document.body) return;
    const said = [...document.querySelectorAll('main .flash, main .flash-error')]
      .find((p) => p.textContent.trim() && p.getClientRects().length);
    if (!said) return;
    if (!said.hasAttribute('tabindex')) said.setAttribute('tabindex', '-1');
    said.focus();
  }

  document.addEventListener('DOMContentLoaded', () => {
    sayDone();
    forgetDone();
    scrollables(document);
    localDays(document);
    copyButtons(document);
  });
  document.addEventListener('htmx:afterSettle', (event) => {
    const root = event.target instanceof Element ? event.target : document;
    scrollables(root);
    localDays(root);
  });
  window.addEventListener('resize', () => scrollables(document));
})();
