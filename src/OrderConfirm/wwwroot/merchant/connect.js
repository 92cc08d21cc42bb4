// The store connection pages. Everything works without this file; with it:
// - the new-store form shows only the chosen platform's fields (the others are disabled, so they are not sent);
// - "Check" asks the shop with fetch and says the answer in place, instead of reloading the page;
// - copy buttons put a webhook URL or an API key on the clipboard.
(function () {
  var select = document.querySelector('[data-platform-select]');
  if (select) {
    var sync = function () {
      document.querySelectorAll('fieldset[data-platform]').forEach(function (set) {
        var chosen = set.getAttribute('data-platform') === select.value;
        set.hidden = !chosen;
        set.disabled = !chosen;
      });
    };
    select.addEventListener('change', sync);
    sync();
  }

  document.querySelectorAll('[data-check]').forEach(function (button) {
    button.addEventListener('click', function (event) {
      var form = button.form;
      var out = document.getElementById('check-result');
      if (!form || !out || !window.fetch) { return; }
      event.preventDefault();
      button.disabled = true;
      out.className = 'muted';
      out.textContent = button.getAttribute('data-checking') || '…';
      fetch(button.formAction, { method: 'POST', body: new FormData(form), credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
        .then(function (response) { if (!response.ok) { throw new Error(String(response.status)); } return response.json(); })
        .then(function (answer) { out.className = answer.connected ? 'notice' : 'error'; out.textContent = answer.message; })
        .catch(function () { button.disabled = false; form.requestSubmit(button); })
        .then(function () { button.disabled = false; });
    });
  });

  document.querySelectorAll('[data-copy]').forEach(function (button) {
    if (!navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener('click', function () {
      var source = document.getElementById(button.getAttribute('data-copy'));
      if (!source) { return; }
      var text = source.value !== undefined ? source.value : source.textContent;
      navigator.clipboard.writeText(text.trim()).then(function () {
        button.textContent = button.getAttribute('data-copied') || button.textContent;
      });
    });
  });
}());
