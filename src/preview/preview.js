// The live preview of `jixiao watch`. The server says on /events that something changed;
// the page reads /state.json, fetches the form again when it changed, and marks the
// cells the diagnostics are about. Spec text only ever goes in as textContent.
(function () {
  'use strict';
  var panel = document.getElementById('jx-panel');
  var headline = document.getElementById('jx-headline');
  var list = document.getElementById('jx-diags');
  var formVersion = Number(panel.getAttribute('data-form-version'));
  var session = panel.getAttribute('data-session');
  var queue = Promise.resolve();

  function swapForm(html) {
    var doc = new DOMParser().parseFromString(html, 'text/html');
    var fresh = doc.querySelector('main.sheet');
    var old = document.querySelector('main.sheet');
    if (!fresh || !old) { return; }
    old.replaceWith(document.importNode(fresh, true));
    var style = doc.querySelector('head style');
    var mine = document.querySelector('head style:not(#jx-style)');
    if (style && mine) { mine.textContent = style.textContent; }
    document.title = doc.title;
  }

  function cellsOf(path) {
    return document.querySelectorAll('main.sheet [data-field="' + CSS.escape(path) + '"]');
  }

  function mark(state) {
    document.querySelectorAll('main.sheet .jx-error, main.sheet .jx-warning').forEach(function (el) {
      el.classList.remove('jx-error', 'jx-warning');
      el.removeAttribute('data-diag');
      el.removeAttribute('title');
    });
    state.diagnostics.forEach(function (d) {
      d.cells.forEach(function (path) {
        cellsOf(path).forEach(function (el) {
          // An error outranks a warning on the same cell.
          if (d.severity === 'error') { el.classList.remove('jx-warning'); }
          if (!el.classList.contains('jx-error')) { el.classList.add('jx-' + d.severity); }
          var codes = el.getAttribute('data-diag');
          el.setAttribute('data-diag', codes ? codes + ' ' + d.code : d.code);
          var title = el.getAttribute('title');
          var line = d.code + '：' + d.message;
          el.setAttribute('title', title ? title + '\n' + line : line);
        });
      });
    });
    var sheet = document.querySelector('main.sheet');
    if (sheet) { sheet.classList.toggle('jx-stale', state.stale); }
  }

  function item(d) {
    var li = document.createElement('li');
    li.className = 'jx-d-' + d.severity;
    li.setAttribute('data-code', d.code);
    var code = document.createElement('span');
    code.className = 'jx-code';
    code.textContent = d.code;
    li.appendChild(code);
    if (d.line) {
      var where = document.createElement('span');
      where.className = 'jx-where';
      where.textContent = '第 ' + d.line + ' 行第 ' + d.column + ' 列';
      li.appendChild(where);
    }
    li.appendChild(document.createTextNode((d.severity === 'error' ? '错误：' : '警告：') + d.message));
    if (d.hint) {
      var hint = document.createElement('span');
      hint.className = 'jx-hint';
      hint.textContent = '建议：' + d.hint;
      li.appendChild(hint);
    }
    li.addEventListener('click', function () {
      var first = d.cells.length ? cellsOf(d.cells[0])[0] : null;
      if (!first) { return; }
      first.scrollIntoView({ block: 'center' });
      first.classList.remove('jx-focus');
      void first.offsetWidth;
      first.classList.add('jx-focus');
    });
    return li;
  }

  function show(state) {
    panel.className = 'jx-panel jx-' + state.status;
    panel.setAttribute('data-status', state.status);
    panel.setAttribute('data-version', String(state.version));
    headline.textContent = state.headline;
    document.getElementById('jx-file').textContent = state.file;
    document.getElementById('jx-xlsx').setAttribute('download', state.name + '.xlsx');
    list.replaceChildren.apply(list, state.diagnostics.map(item));
  }

  function refresh() {
    return fetch('/state.json', { cache: 'no-store' })
      .then(function (r) { return r.json(); })
      .then(function (state) {
        // Another run of jixiao watch now answers on this port: start afresh from it.
        if (state.session !== session) { location.reload(); return null; }
        if (!state.has_form || state.form_version === formVersion) { return state; }
        return fetch('/form.html', { cache: 'no-store' }).then(function (r) {
          if (!r.ok) { return state; }
          var v = Number(r.headers.get('X-Jixiao-Form-Version'));
          return r.text().then(function (html) {
            swapForm(html);
            formVersion = v;
            return state;
          });
        });
      })
      .then(function (state) {
        if (state) { show(state); mark(state); }
      });
  }

  function update() {
    queue = queue.then(refresh).catch(function () {
      headline.textContent = '无法读取预览状态，稍后自动重试';
    });
  }

  var events = new EventSource('/events');
  events.addEventListener('state', update);
  // A large spec takes a while to check: the page says so, and meanwhile shows the last state.
  var checking = document.getElementById('jx-checking');
  events.addEventListener('checking', function (e) {
    checking.textContent = e.data === '1' ? '正在检查刚保存的内容……' : '';
  });
  events.onerror = function () {
    panel.className = 'jx-panel jx-offline';
    panel.setAttribute('data-status', 'offline');
    headline.textContent = '与 jixiao watch 的连接已断开（已停止预览？）；恢复后会自动更新';
  };
})();
