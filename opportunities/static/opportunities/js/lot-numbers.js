// A lot added with "Add lot" gets the next free number (one more than the highest number in use),
// instead of the model's default of 1, which clashed with lot 1 and was refused on save.
(function () {
  'use strict';

  const NUMBER = /^id_lots-\d+-number$/;

  function numbersInUse(except) {
    return Array.from(document.querySelectorAll('input[id^="id_lots-"][id$="-number"]'))
      .filter((input) => input !== except && NUMBER.test(input.id))
      .filter((input) => {
        const deleted = document.getElementById(input.id.replace(/-number$/, '-DELETE'));
        return !(deleted && deleted.value);
      })
      .map((input) => parseInt(input.value, 10))
      .filter((number) => Number.isInteger(number));
  }

  document.addEventListener('w-formset:added', (event) => {
    const input = event.target.querySelector('input[id$="-number"]');
    if (!input || !NUMBER.test(input.id)) return;
    const used = numbersInUse(input);
    input.value = String(used.length ? Math.max(...used) + 1 : 1);
  });
})();
