/* Hotline live pushes: one WebSocket per page (Channels, /ws/hotline/), no framework.
 * On an event the page plays a short beep (WebAudio, generated here: nothing is downloaded), shows
 * a visual cue, announces it to screen readers and refreshes its live regions ([data-live-region],
 * fetched again from the server, so every text stays in the reader's language) without a reload. */
(function () {
  "use strict";
  var root = document.getElementById("hotline-live");
  if (!root || window.liaisonHotline) { return; }
  var state = { socket: null, retry: 0, events: [] };
  window.liaisonHotline = state;  // tests and the bench read the events received

  var audio = null;
  function beep(urgent) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      if (audio.state === "suspended") { audio.resume(); }
      var tones = urgent ? [880, 660, 880] : [660];
      tones.forEach(function (freq, i) {
        var osc = audio.createOscillator(), gain = audio.createGain();
        var start = audio.currentTime + i * 0.22;
        osc.type = "square";
        osc.frequency.value = freq;
        gain.gain.setValueAtTime(0.0001, start);
        gain.gain.exponentialRampToValueAtTime(0.25, start + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.2);
        osc.connect(gain); gain.connect(audio.destination);
        osc.start(start); osc.stop(start + 0.21);
      });
    } catch (e) { /* no audio device: the visual cue remains */ }
  }

  function cue(event) {
    var text = root.getAttribute("data-text-" + event.event);
    if (!text) { return; }
    var announce = document.getElementById("hotline-announce");
    if (announce) { announce.textContent = text + ": " + event.subject; }
    document.body.classList.add("hotline-flash");
    window.setTimeout(function () { document.body.classList.remove("hotline-flash"); }, 4000);
    if (!document.title.startsWith("(!) ")) { document.title = "(!) " + document.title; }
    window.setTimeout(function () { document.title = document.title.replace(/^\(!\) /, ""); }, 15000);
  }

  function refresh(event) {
    var regions = Array.prototype.slice.call(document.querySelectorAll("[data-live-region]"));
    var sources = {};
    regions.forEach(function (region) {
      var uid = region.getAttribute("data-alert-uid");
      if (uid && uid !== event.uid) { return; }
      var src = region.getAttribute("data-source") || window.location.href;
      (sources[src] = sources[src] || []).push(region.id);
    });
    Object.keys(sources).forEach(function (src) {
      fetch(src, { credentials: "same-origin", headers: { "X-Requested-With": "hotline" } })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html");
          sources[src].forEach(function (id) {
            var fresh = doc.getElementById(id), current = document.getElementById(id);
            if (fresh && current) { current.replaceWith(document.importNode(fresh, true)); }
          });
          document.dispatchEvent(new CustomEvent("hotline:refreshed", { detail: event }));
        })
        .catch(function () { /* the next event or a reload shows it */ });
    });
  }

  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; }
    catch (e) { return ""; }
  }

  function unitName(unit) {
    var lang = document.documentElement.lang || "en";
    return (unit.names && (unit.names[lang] || unit.names.en)) || unit.code;
  }

  // A new incoming alert shows at once, drawn from the push itself; the refresh that follows
  // replaces it with the server's rendering (same row, every text in the reader's language).
  function showAtOnce(event) {
    var body = document.getElementById("hotline-panel-body");
    if (!body || document.querySelector('#hotline-panel-body [data-alert="' + event.uid + '"]')) { return; }
    var list = document.getElementById("hotline-awaiting");
    if (!list) {
      list = document.createElement("ul");
      list.id = "hotline-awaiting";
      list.className = "hotline-awaiting";
      var empty = body.querySelector(".empty");
      if (empty) { empty.remove(); }
      body.insertBefore(list, body.firstChild);
    }
    var item = document.createElement("li");
    item.className = "hotline-alert state-" + event.state;
    item.setAttribute("data-alert", event.uid);
    var link = document.createElement("a");
    link.href = event.url;
    link.textContent = event.subject;
    var from = document.createElement("span");
    from.className = "muted";
    from.textContent = unitName(event.from_unit);
    item.appendChild(link);
    item.appendChild(document.createElement("br"));
    item.appendChild(from);
    var form = document.createElement("form");
    form.method = "post";
    form.className = "inline ack-inline";
    form.action = root.getAttribute("data-acknowledge-url").replace("00000000-0000-0000-0000-000000000000", event.uid);
    var token = document.createElement("input");
    token.type = "hidden"; token.name = "csrfmiddlewaretoken"; token.value = csrfToken();
    var button = document.createElement("button");
    button.type = "submit"; button.className = "button primary";
    button.textContent = root.getAttribute("data-text-acknowledge");
    form.appendChild(token); form.appendChild(button);
    item.appendChild(form);
    list.insertBefore(item, list.firstChild);
  }

  function onEvent(event) {
    if (event.type !== "alert") { return; }
    event.receivedAt = Date.now();
    state.events.push(event);
    var urgent = event.incoming && (event.event === "raised" || event.event === "escalated");
    if (urgent || event.event === "acknowledged") { beep(urgent); }
    if (event.event === "raised" && event.incoming) {
      try { showAtOnce(event); } catch (e) { /* the refresh below shows it */ }
    }
    if (event.event !== "notification") { cue(event); }
    refresh(event);
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + root.getAttribute("data-socket"));
    state.socket = socket;
    socket.onopen = function () { state.retry = 0; root.setAttribute("data-connected", "1"); };
    socket.onmessage = function (msg) {
      try { onEvent(JSON.parse(msg.data)); } catch (e) { /* ignore a malformed push */ }
    };
    socket.onclose = function () {
      root.removeAttribute("data-connected");
      state.retry = Math.min(state.retry + 1, 6);
      window.setTimeout(connect, 250 * Math.pow(2, state.retry));  // back-off, up to 16 s
    };
  }
  connect();
})();
