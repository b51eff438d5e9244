/* Xếp loại: the little the pages need from script (no inline script: the Content-Security-Policy forbids it).
 * 1. Every form sends the current CSRF token, so a page opened before signing in again still saves.
 * 2. The session ends after some idle minutes: a warning two minutes before, with a button that keeps it.
 * 3. Buttons marked data-xl-back go back in history (the typed form is still there).
 * 4. A refused form's summary of errors (#xl-form-errors) gets the focus. */
(function () {
  "use strict";

  function cookie(name) {
    var match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : "";
  }

  document.addEventListener("submit", function (event) {
    var token = cookie("csrftoken");
    if (!token || !event.target.elements) { return; }
    var field = event.target.elements.namedItem("csrfmiddlewaretoken");
    if (field && field.value !== undefined) { field.value = token; }
  }, true);

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-xl-back]")) { event.preventDefault(); history.back(); }
  });

  // After a refused save the summary of what went wrong is at the top: bring it into view and to the reader.
  var errors = document.getElementById("xl-form-errors");
  if (errors) { errors.scrollIntoView(); errors.focus(); }

  var body = document.body;
  var left = parseInt(body.getAttribute("data-xl-idle") || "", 10);
  var keepalive = body.getAttribute("data-xl-keepalive");
  var box = document.getElementById("xl-session");
  if (!left || !keepalive || !box) { return; }
  var WARN = 120;
  var endsAt = Date.now() + left * 1000;
  var text = box.querySelector("[data-xl-session-text]");
  var button = box.querySelector("button");

  function words(seconds) {
    if (seconds >= 60) { return Math.ceil(seconds / 60) + " phút"; }
    return seconds + " giây";
  }

  function tick() {
    var seconds = Math.round((endsAt - Date.now()) / 1000);
    if (seconds > WARN) { box.hidden = true; return; }
    box.hidden = false;
    if (seconds > 0) {
      text.textContent = "Phiên làm việc sẽ hết sau " + words(seconds) + " vì không có thao tác. Dữ liệu chưa lưu trên trang sẽ cần lưu lại sau khi đăng nhập.";
      button.hidden = false;
    } else {
      text.textContent = "Phiên làm việc đã hết. Hãy đăng nhập lại ở một thẻ khác, rồi quay lại trang này và bấm lưu: dữ liệu đã nhập vẫn còn.";
      button.hidden = true;
    }
  }

  button.addEventListener("click", function () {
    var headers = { "X-CSRFToken": cookie("csrftoken") };
    fetch(keepalive, { method: "POST", headers: headers, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (data) { endsAt = Date.now() + data.idle_seconds * 1000; tick(); })
      .catch(function () { endsAt = Date.now(); tick(); });
  });

  tick();
  setInterval(tick, 5000);
})();
