/* Xếp loại: the little the pages need from script (no inline script: the Content-Security-Policy forbids it).
 * 1. Every form sends the current CSRF token, so a page opened before signing in again still saves.
 * 2. The session ends after some idle minutes: a warning two minutes before, with a button that keeps it.
 * 3. Buttons marked data-xl-back go back in history (the typed form is still there).
 * 4. After a refused save the first invalid field gets the focus (the summary of errors when no field is marked).
 * 5. Date fields are typed as dd/mm/yyyy; a calendar button beside each opens the browser's date picker and writes
 *    the chosen day back in the same format (the picker's own text format follows the computer's locale).
 * 6. Downloads (links with a download attribute) can take seconds to make: the file is fetched here with a visible
 *    "Đang tạo tệp…" and the seconds it has taken, then the share received, and saved under the server's name. */
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


  function fileName(response, fallback) {
    var header = response.headers.get("Content-Disposition") || "";
    var star = /filename\*=UTF-8''([^;]+)/i.exec(header);
    if (star) { try { return decodeURIComponent(star[1]); } catch (e) { /* the plain name below */ } }
    var plain = /filename="?([^";]+)"?/i.exec(header);
    return plain ? plain[1] : fallback;
  }

  function downloadItem() {
    var list = document.getElementById("xl-downloads");
    if (!list) {
      list = document.createElement("div");
      list.id = "xl-downloads";
      list.className = "xl-downloads";
      document.body.appendChild(list);
    }
    var item = document.createElement("div");
    item.className = "alert alert-info shadow-sm mb-2 xl-download";
    item.setAttribute("role", "status");
    item.setAttribute("aria-live", "polite");
    var text = document.createElement("div");
    var bar = document.createElement("progress");
    bar.className = "w-100 mt-1";
    bar.setAttribute("aria-label", "Tiến độ tạo tệp");
    item.appendChild(text);
    item.appendChild(bar);
    return { list: list, item: item, text: text, bar: bar };
  }

  var downloading = {};
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[download]");
    if (!link || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    if (link.protocol === "blob:" || link.origin !== location.origin || !window.fetch || !URL.createObjectURL) { return; }
    event.preventDefault();
    var href = link.href;
    if (downloading[href]) { return; }
    downloading[href] = true;
    var label = link.querySelector("span");
    var title = "“" + (label || link).textContent.trim() + "”";
    var ui = downloadItem();
    var started = Date.now(), received = 0, total = 0, phase = "make";
    function seconds() { return Math.max(1, Math.round((Date.now() - started) / 1000)); }
    function update() {
      if (phase === "make") {
        ui.text.textContent = "Đang tạo tệp " + title + "… " + seconds() + " giây";
      } else {
        var share = total ? Math.min(100, Math.round(received * 100 / total)) + " %" : Math.round(received / 1024) + " KB";
        ui.text.textContent = "Đang tải về " + title + "… " + share;
        if (total) { ui.bar.max = total; ui.bar.value = received; }
      }
    }
    var shown = setTimeout(function () { update(); ui.list.appendChild(ui.item); }, 600);
    var timer = setInterval(update, 1000);
    function finish(message, kind, keep) {
      clearTimeout(shown); clearInterval(timer);
      delete downloading[href];
      ui.item.className = "alert " + kind + " shadow-sm mb-2 xl-download";
      ui.text.textContent = message;
      ui.bar.remove();
      if (keep) {
        var close = document.createElement("button");
        close.type = "button"; close.className = "btn btn-sm btn-outline-secondary mt-2"; close.textContent = "Đóng";
        close.addEventListener("click", function () { ui.item.remove(); });
        ui.item.appendChild(close);
        ui.list.appendChild(ui.item);
      } else if (ui.item.parentNode) {
        setTimeout(function () { ui.item.remove(); }, 5000);
      }
    }
    fetch(href, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) { throw response.status; }
      phase = "get";
      total = parseInt(response.headers.get("Content-Length") || "0", 10) || 0;
      var name = fileName(response, "tai-ve");
      var type = response.headers.get("Content-Type") || "application/octet-stream";
      if (!response.body || !response.body.getReader) {
        return response.blob().then(function (blob) { return [blob, name]; });
      }
      var reader = response.body.getReader(), chunks = [];
      function pump() {
        return reader.read().then(function (part) {
          if (part.done) { return [new Blob(chunks, { type: type }), name]; }
          chunks.push(part.value); received += part.value.length; update();
          return pump();
        });
      }
      return pump();
    }).then(function (result) {
      var url = URL.createObjectURL(result[0]);
      var save = document.createElement("a");
      save.href = url; save.download = result[1]; save.hidden = true;
      document.body.appendChild(save); save.click(); save.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
      finish("Đã tạo xong " + title + " (" + seconds() + " giây): tệp " + result[1] + ".", "alert-success", false);
    }).catch(function (status) {
      var why = status === 403 ? "đồng chí không có quyền tải tệp này" :
        status === 404 ? "không còn tệp này (trang đã cũ: tải lại trang)" :
        typeof status === "number" ? "máy chủ báo lỗi " + status + "; thử lại sau ít phút, nếu vẫn lỗi hãy báo quản trị" :
        "mất kết nối với máy chủ; kiểm tra mạng rồi thử lại";
      finish("Không tạo được tệp " + title + ": " + why + ".", "alert-danger", true);
    });
  });

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
