// Copy buttons for text shown on the page (partners' referral links and embed code). The text itself is
// always shown, so without JavaScript people select and copy it; the buttons stay hidden until this
// script knows it can copy.
(function () {
  'use strict';

  if (!navigator.clipboard) return;

  document.querySelectorAll('[data-copy-target]').forEach((button) => {
    const target = document.getElementById(button.dataset.copyTarget);
    const status = document.getElementById(button.dataset.copyStatus);
    if (!target) return;
    const label = button.textContent;
    button.hidden = false;
    button.addEventListener('click', () => {
      navigator.clipboard.writeText(target.textContent.trim()).then(
        () => {
          button.textContent = 'Copied';
          if (status) status.textContent = `${label.replace(/^Copy /, '')} copied`;
          window.setTimeout(() => {
            button.textContent = label;
          }, 3000);
        },
        () => {
          if (status) status.textContent = 'Could not copy. Select the text and copy it yourself.';
        },
      );
    });
  });
})();
