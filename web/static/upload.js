// Drag-and-drop upload with a progress bar per file. Without this script
// the form posts every chosen file at once and the page lists the results.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form || !window.FormData || !window.XMLHttpRequest) {
    return;
  }
  var input = form.querySelector("input[type=file]");
  var drop = form.querySelector(".drop");
  var list = document.getElementById("upload-files");
  var status = document.getElementById("upload-status");
  var chosen = [];
  // Files may come by drag and drop, not only from the file input.
  input.required = false;

  function add(files) {
    for (var i = 0; i < files.length; i++) {
      chosen.push({ file: files[i], item: null });
    }
    render();
  }

  function render() {
    list.textContent = "";
    chosen.forEach(function (c) {
      var li = document.createElement("li");
      var name = document.createElement("span");
      name.textContent = c.file.name + " (" + Math.max(1, Math.round(c.file.size / 1024)) + " KiB)";
      var bar = document.createElement("progress");
      bar.max = 100;
      bar.value = 0;
      bar.setAttribute("aria-label", "Upload of " + c.file.name);
      var note = document.createElement("p");
      note.className = "note";
      li.append(name, bar, note);
      c.item = { li: li, bar: bar, note: note };
      list.appendChild(li);
    });
    status.textContent = chosen.length ? chosen.length + (chosen.length === 1 ? " file" : " files") + " ready to upload." : "";
  }

  input.addEventListener("change", function () {
    chosen = [];
    add(input.files);
  });
  ["dragenter", "dragover"].forEach(function (type) {
    drop.addEventListener(type, function (e) {
      e.preventDefault();
      drop.classList.add("over");
    });
  });
  ["dragleave", "drop"].forEach(function (type) {
    drop.addEventListener(type, function (e) {
      e.preventDefault();
      drop.classList.remove("over");
    });
  });
  drop.addEventListener("drop", function (e) {
    if (e.dataTransfer && e.dataTransfer.files.length) {
      add(e.dataTransfer.files);
    }
  });

  function send(c) {
    return new Promise(function (resolve) {
      var data = new FormData(form);
      data.delete("file");
      data.append("file", c.file, c.file.name);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          c.item.bar.value = Math.round((e.loaded / e.total) * 100);
        }
      });
      xhr.addEventListener("load", function () {
        c.item.bar.value = 100;
        var result = null;
        try {
          result = JSON.parse(xhr.responseText).results[0];
        } catch (err) {
          result = null;
        }
        show(c, result, xhr.status);
        resolve();
      });
      xhr.addEventListener("error", function () {
        show(c, null, 0);
        resolve();
      });
      xhr.send(data);
    });
  }

  function show(c, result, httpStatus) {
    var note = c.item.note;
    note.textContent = "";
    if (!result) {
      note.className = "note bad";
      note.textContent = httpStatus === 403 ? "Refused: your session may have ended; reload the page." :
        httpStatus === 413 ? "Too large." : "The upload failed (" + (httpStatus || "no answer") + ").";
      return;
    }
    var text = { queued: "Stored; the analysis is queued. ", done: "Stored and analysed. ", duplicate: "Stored already. " }[result.status];
    note.className = result.status === "error" ? "note bad" : "note ok";
    note.append(document.createTextNode(text || (result.error || "Failed") + " "));
    if (result.url) {
      var a = document.createElement("a");
      a.href = result.url;
      a.textContent = "Open the call";
      note.append(a);
    }
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (!chosen.length) {
      status.textContent = "Choose or drop at least one transcript file first.";
      input.focus();
      return;
    }
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    status.textContent = "Uploading…";
    var queue = chosen.slice();
    var next = function () {
      var c = queue.shift();
      if (!c) {
        status.textContent = "Done: " + chosen.length + (chosen.length === 1 ? " file" : " files") + " sent.";
        button.disabled = false;
        chosen = [];
        input.value = "";
        return Promise.resolve();
      }
      return send(c).then(next);
    };
    next();
  });
})();
