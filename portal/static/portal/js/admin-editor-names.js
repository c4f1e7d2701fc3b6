// Gives every rich-text editor in the page editor an accessible name. Draftail's editable area is a
// role="textbox" with no name of its own, so screen readers announce only "edit text" (axe:
// aria-input-field-name). The name is taken from the field or block label around it. Editors appear as
// StreamField blocks are added, so new ones are named as they arrive.
(function () {
  'use strict';

  function labelFor(box) {
    const field = box.closest('[data-field], .w-field, [data-contentpath]');
    const label =
      (field && field.querySelector('label, .w-field__label, [data-streamfield-block-label]')) ||
      box.closest('section, [data-panel]')?.querySelector('h2, h3, [data-panel-heading-text]');
    const text = label ? label.textContent.replace(/\s+/g, ' ').replace(/\*/g, '').trim() : '';
    return text || 'Rich text';
  }

  function nameEditors(root) {
    root.querySelectorAll('[role="textbox"][contenteditable="true"]').forEach((box) => {
      if (!box.hasAttribute('aria-label') && !box.hasAttribute('aria-labelledby')) {
        box.setAttribute('aria-label', labelFor(box));
      }
    });
  }

  function start() {
    nameEditors(document);
    new MutationObserver(() => nameEditors(document)).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
