// The live page: a WebSocket to /api/v1/live (docs/live.md). What the
// rep and the prospect say goes up, one message each; nudge cards come
// back as the events arrive. Every text is set with textContent.
(function () {
  "use strict";
  var root = document.getElementById("live");
  if (!root) {
    return;
  }
  root.hidden = false;
  var startForm = document.getElementById("live-start");
  var sayForm = document.getElementById("live-say");
  var script = document.getElementById("live-script");
  var cards = document.getElementById("live-cards");
  var log = document.getElementById("live-log");
  var state = document.getElementById("live-state");
  var summary = document.getElementById("live-summary");
  var endButton = document.getElementById("live-end");
  var playButton = document.getElementById("live-play");
  var ws = null;
  var byID = {};

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }

  function note(text) {
    log.append(el("p", null, text));
    log.scrollTop = log.scrollHeight;
  }

  function setState(text) {
    state.textContent = text;
  }

  function connected(on) {
    sayForm.querySelectorAll("input, textarea, button, select").forEach(function (e) { e.disabled = !on; });
    playButton.disabled = !on;
    endButton.disabled = !on;
    startForm.querySelector("button").disabled = on;
  }
  connected(false);

  function send(obj) {
    if (ws && ws.readyState === WebSocket.OPEN) {
      ws.send(JSON.stringify(obj));
    }
  }

  function card(ev) {
    var c = byID[ev.id];
    if (!c) {
      c = { li: el("li", "card") };
      c.li.id = "live-" + ev.id;
      c.kind = el("p", "tags");
      c.quote = el("blockquote");
      c.script = el("p", "script");
      c.share = el("p");
      c.feedback = el("p", "feedback");
      c.li.append(c.kind, c.quote, c.script, c.share, c.feedback);
      byID[ev.id] = c;
      cards.prepend(c.li);
    }
    var k = ev.card || {};
    c.li.classList.toggle("provisional", ev.type === "provisional");
    c.kind.textContent = (ev.type === "provisional" ? "Maybe: " : "") + (k.label || "moment") + (ev.speaker ? " · " + ev.speaker : "");
    c.quote.textContent = "“" + (k.quote || "") + "”";
    c.script.textContent = k.script ? "Say: " + k.script : "";
    c.share.textContent = k.then_share ? "Then share: " + k.then_share : "";
    return c;
  }

  function onEvent(ev) {
    switch (ev.type) {
      case "hello":
        setState("Connected. Playbook " + (ev.playbook ? ev.playbook.name : "") + ".");
        break;
      case "roles":
        note("Speakers: " + (ev.speakers || []).map(function (s) { return s.name + " (" + s.role + ")"; }).join(", "));
        break;
      case "provisional":
      case "moment":
      case "moment_update":
        card(ev);
        if (ev.type === "moment") {
          note("Moment " + ev.id + ": " + ((ev.card && ev.card.label) || ""));
        }
        break;
      case "moment_retract":
        if (byID[ev.id]) {
          byID[ev.id].li.classList.add("retracted");
          byID[ev.id].feedback.textContent = "No longer a moment" + (ev.reason ? ": " + ev.reason : "") + ".";
        }
        break;
      case "feedback":
        if (byID[ev.id]) {
          byID[ev.id].feedback.textContent = (ev.verdict ? ev.verdict + ". " : "") + (ev.feedback || "");
        }
        break;
      case "summary":
        summary.textContent = "";
        var s = ev.scores || {};
        var pct = function (v) { return v === null || v === undefined ? "–" : Math.round(v * 100) + "%"; };
        summary.append(el("p", "headline", s.headline || "The call is over."));
        summary.append(el("p", null, "Moments: " + (s.moments || 0) + " · pushed back: " + (s.pushed_back || 0) +
          " · courage " + pct(s.courage) + " · craft " + pct(s.craft)));
        if (ev.call_id) {
          var a = el("a", null, "Review the saved call");
          a.href = "/calls/" + encodeURIComponent(ev.call_id);
          summary.append(a);
        }
        break;
      case "error":
        note("Problem: " + (ev.message || ev.code));
        break;
    }
  }

  startForm.addEventListener("submit", function (e) {
    e.preventDefault();
    var reps = startForm.elements.rep.value.split(",").map(function (s) { return s.trim(); }).filter(Boolean);
    var title = startForm.elements.title.value.trim();
    var proto = location.protocol === "https:" ? "wss:" : "ws:";
    ws = new WebSocket(proto + "//" + location.host + "/api/v1/live");
    setState("Connecting…");
    ws.addEventListener("open", function () {
      connected(true);
      var start = { type: "start", title: title || "Live call" };
      if (reps.length) { start.rep = reps; }
      send(start);
      sayForm.elements.text.focus();
    });
    ws.addEventListener("message", function (m) {
      try {
        onEvent(JSON.parse(m.data));
      } catch (err) {
        note("Unreadable message from the server.");
      }
    });
    ws.addEventListener("close", function (e) {
      connected(false);
      setState(e.code === 1000 ? "The call is over and saved." : "Disconnected (" + e.code + ").");
    });
  });

  sayForm.addEventListener("submit", function (e) {
    e.preventDefault();
    var speaker = sayForm.elements.speaker.value.trim();
    var text = sayForm.elements.text.value.trim();
    if (!text) { return; }
    send(speaker ? { speaker: speaker, text: text } : { text: text });
    note((speaker || "Speaker") + ": " + text);
    sayForm.elements.text.value = "";
  });

  // Plays pasted "Name: text" lines one after another, as if spoken.
  playButton.addEventListener("click", function () {
    var lines = script.value.split("\n").map(function (l) { return l.trim(); }).filter(Boolean);
    var i = 0;
    var tick = function () {
      if (i >= lines.length || !ws || ws.readyState !== WebSocket.OPEN) { return; }
      ws.send(lines[i]);
      note(lines[i]);
      i++;
      setTimeout(tick, 300);
    };
    tick();
  });

  endButton.addEventListener("click", function () {
    send({ type: "end" });
    setState("Ending the call…");
  });
})();
