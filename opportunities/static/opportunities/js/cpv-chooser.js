// The "Find CPV codes" button beside each CPV codes box opens Wagtail's chooser modal (search by word
// or number) and writes the chosen codes into the box. Without JavaScript buyers type the codes.
(function () {
  'use strict';

  function inputFor(chooser) {
    // Lots added with "Add lot" are cloned from a template: find the box beside the button, not by id.
    return chooser.parentElement.querySelector('input[type=text]');
  }

  function addCodes(input, codes, multiple) {
    if (!multiple) {
      input.value = codes[0] || input.value;
    } else {
      const typed = input.value.split(/[\s,;]+/).filter(Boolean);
      const known = new Set(typed.map((code) => code.split('-')[0]));
      codes.forEach((code) => {
        if (!known.has(code.split('-')[0])) {
          typed.push(code);
          known.add(code.split('-')[0]);
        }
      });
      input.value = typed.join(', ');
    }
    input.dispatchEvent(new Event('change', { bubbles: true }));
    input.focus();
  }

  function open(chooser) {
    const multiple = chooser.dataset.multiple === 'true';
    const input = inputFor(chooser);
    window.ModalWorkflow({
      url: chooser.dataset.chooserUrl,
      urlParams: multiple ? { multiple: 1 } : {},
      onload: window.CHOOSER_MODAL_ONLOAD_HANDLERS,
      responses: {
        chosen(result) {
          const results = Array.isArray(result) ? result : [result];
          addCodes(input, results.map((item) => item.code), multiple);
        },
      },
    });
  }

  document.addEventListener('click', (event) => {
    const button = event.target.closest('[data-cpv-chooser-open]');
    if (!button || !window.ModalWorkflow || !window.CHOOSER_MODAL_ONLOAD_HANDLERS) return;
    event.preventDefault();
    open(button.closest('[data-cpv-chooser]'));
  });
})();
