// The settings page: each SMS text's preview follows what is typed (the server renders and counts it, the same rule
// as a send), and the balances are read when asked. Without this script the page's Preview buttons and Read now
// link do the same with a full page. Same origin only.
(function () {
  var form = document.getElementById('sms-form');
  if (form) {
    var url = form.getAttribute('data-preview');
    var token = form.querySelector('input[name="__RequestVerificationToken"]');
    var language = form.querySelector('select[name="settings.smsLanguage"]');
    var timers = {};
    var preview = function (area) {
      var smsEvent = area.getAttribute('data-event');
      var body = new FormData();
      body.append('__RequestVerificationToken', token ? token.value : '');
      body.append('fragment', '1');
      body.append('event', smsEvent);
      body.append(area.name, area.value);
      body.append('settings.smsLanguage', language ? language.value : '');
      fetch(url, { method: 'POST', body: body, credentials: 'same-origin' })
        .then(function (response) { return response.ok && !response.redirected ? response.text() : null; })
        .then(function (html) {
          var box = document.getElementById('preview-' + smsEvent);
          if (html && box) { box.innerHTML = html; }
        })
        .catch(function () { });
    };
    form.querySelectorAll('textarea[data-event]').forEach(function (area) {
      area.addEventListener('input', function () {
        var key = area.getAttribute('data-event');
        clearTimeout(timers[key]);
        timers[key] = setTimeout(function () { preview(area); }, 300);
      });
    });
    if (language) {
      language.addEventListener('change', function () { form.querySelectorAll('textarea[data-event]').forEach(preview); });
    }
  }

  var box = document.getElementById('balance-read');
  var link = document.getElementById('balance-read-now');
  if (box && link) {
    link.addEventListener('click', function (e) {
      e.preventDefault();
      link.setAttribute('aria-busy', 'true');
      fetch(box.getAttribute('data-read'), { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
        .then(function (response) { return response.ok && !response.redirected ? response.text() : null; })
        .then(function (html) { if (html) { box.innerHTML = html; } link.removeAttribute('aria-busy'); })
        .catch(function () { link.removeAttribute('aria-busy'); });
    });
  }
}());
