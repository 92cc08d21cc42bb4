// Refreshes the orders list in place while the page is open and visible: calls in flight change state without a
// reload. Same origin only; a failed refresh is tried again at the next tick.
(function () {
  var box = document.getElementById('orders');
  if (!box) { return; }
  var seconds = parseInt(box.getAttribute('data-seconds'), 10) || 5;
  var url = box.getAttribute('data-refresh');
  setInterval(function () {
    if (document.hidden) { return; }
    fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
      .then(function (response) {
        if (response.redirected || !response.ok) { return null; }
        return response.text();
      })
      .then(function (html) { if (html !== null && html !== undefined) { box.innerHTML = html; } })
      .catch(function () { });
  }, seconds * 1000);
}());
