/* Xếp loại: the little the pages need from script (no inline script: the Content-Security-Policy forbids it).
 * 1. Every form sends the current CSRF token, so a page opened before signing in again still saves.
 * 2. The session ends after some idle minutes: a warning two minutes before, with a button that keeps it.
 * 3. Buttons marked data-xl-back go back in history (the typed form is still there).
 * 4. After a refused save the first invalid field gets the focus (the summary of errors when no field is marked).
 * 5. Date fields are typed as dd/mm/yyyy; a calendar button beside each opens the browser's date picker and writes
 *    the chosen day back in the same format (the picker's own text format follows the computer's locale). */
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

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function toIso(text) {
    var m = /^\s*(\d{1,2})[\/.-](\d{1,2})[\/.-](\d{4})\s*$/.exec(text || "");
    return m ? m[3] + "-" + pad(+m[2]) + "-" + pad(+m[1]) : "";
  }

  function datePicker(input) {
    if (input.disabled || input.readOnly || input.getAttribute("data-xl-date-ready")) { return; }
    input.setAttribute("data-xl-date-ready", "1");
    var group = document.createElement("div");
    group.className = "input-group has-validation xl-date-group";
    input.parentNode.insertBefore(group, input);
    group.appendChild(input);
    var native = document.createElement("input");
    native.type = "date";
    native.tabIndex = -1;
    native.className = "xl-date-native";
    native.setAttribute("aria-hidden", "true");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary xl-date-button";
    button.textContent = "Lịch";
    var label = input.labels && input.labels.length ? input.labels[0].textContent.trim() : "";
    button.setAttribute("aria-label", "Chọn " + (label ? label.toLowerCase() : "ngày") + " trên lịch");
    group.appendChild(button);
    group.appendChild(native);
    var next = group.nextElementSibling;
    while (next && next.classList.contains("invalid-feedback")) {
      var move = next; next = next.nextElementSibling; group.appendChild(move);
    }
    button.addEventListener("click", function () {
      native.value = toIso(input.value);
      if (typeof native.showPicker === "function") {
        try { native.showPicker(); return; } catch (e) { /* falls back below */ }
      }
      native.focus(); native.click();
    });
    native.addEventListener("change", function () {
      var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(native.value);
      if (!m) { return; }
      input.value = m[3] + "/" + m[2] + "/" + m[1];
      input.dispatchEvent(new Event("change", { bubbles: true }));
      input.focus();
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("input[data-xl-date]"), datePicker);

  // After a refused save: the first field marked invalid, or the summary of what went wrong.
  var firstInvalid = document.querySelector("main [aria-invalid=true]:not([type=hidden]), main .is-invalid");
  var errors = document.getElementById("xl-form-errors");
  if (firstInvalid && typeof firstInvalid.focus === "function") { firstInvalid.focus(); }
  else if (errors) { errors.scrollIntoView(); errors.focus(); }


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
