// Runs first in every worker of the site, before any other code: static/wasm-worker.js loads it
// with importScripts, and web/build.sh bundles it at the top of ocr/worker.min.js, which runs
// tesseract.js's vendored code on the user's screenshot. The page's Content-Security-Policy
// (`connect-src 'none'`) does not bind a worker loaded from a file: a worker gets a policy only
// from its own response headers, which a static host may not send. So a worker binds itself here:
// - fetch (and so WebAssembly.compileStreaming's input) and importScripts reach only files in the
//   worker's own folder of the site (`./`: the site for wasm-worker.js, ocr/ for the OCR worker);
//   fetch also refuses a redirect to another origin (mode `same-origin`);
// - XMLHttpRequest, WebSocket, WebSocketStream, EventSource, WebTransport, nested and shared
//   workers, FontFace (it loads url() sources), Notification (an icon URL) and Cache.add/addAll
//   (they fetch) are refused outright: neither worker needs them.
// The originals are kept only in this closure, and everything used to check a URL is captured
// before any other code runs, so code that patches URL, String or Function.prototype later cannot
// make a check pass or reach an original.
(() => {
  'use strict';
  const scope = self;
  const apply = Reflect.apply;
  const defineProperty = Object.defineProperty;
  const getPrototypeOf = Object.getPrototypeOf;
  const hasOwn = Object.prototype.hasOwnProperty;
  const startsWith = String.prototype.startsWith;
  const Str = String;
  const OrigURL = URL;
  const OrigRequest = Request;
  const OrigTypeError = TypeError;
  const PromiseReject = Promise.reject.bind(Promise);
  const urlHref = Object.getOwnPropertyDescriptor(URL.prototype, 'href').get;
  const requestUrl = Object.getOwnPropertyDescriptor(Request.prototype, 'url').get;
  const fetch0 = scope.fetch;
  const importScripts0 = scope.importScripts;
  const here = apply(urlHref, new OrigURL(scope.location.href), []);
  // The worker's folder, e.g. https://example.com/tools/certscope/ or …/certscope/ocr/.
  const folder = apply(urlHref, new OrigURL('./', here), []);

  const refused = (what, href) => new OrigTypeError(`certscope: this worker may not ${what}${href ? ` ${href}` : ''} (only the site's own files)`);
  // A URL's canonical form is under the folder (same origin, path below it: `..` and `%2e%2e`
  // are resolved by the parser before the comparison).
  const own = (href) => apply(startsWith, href, [folder]);

  // Replaces `name` on the global object and wherever on its prototype chain it is defined, so
  // that neither `self.name` nor `WorkerGlobalScope.prototype.name` reaches the original.
  function replace(target, name, value) {
    let found = false;
    for (let o = target; o !== null; o = getPrototypeOf(o)) {
      if (apply(hasOwn, o, [name])) {
        defineProperty(o, name, { value, writable: true, configurable: true, enumerable: false });
        found = true;
      }
    }
    if (!found && target === scope) defineProperty(scope, name, { value, writable: true, configurable: true, enumerable: false });
  }

  replace(scope, 'fetch', function fetch(input, init) {
    let request;
    try {
      // Read once: the Request's URL cannot change between the check and the fetch.
      request = new OrigRequest(input, init);
    } catch (e) {
      return PromiseReject(e);
    }
    const href = apply(requestUrl, request, []);
    if (!own(href)) return PromiseReject(refused('fetch', href));
    return apply(fetch0, scope, [new OrigRequest(request, { __proto__: null, mode: 'same-origin', credentials: 'same-origin' })]);
  });

  replace(scope, 'importScripts', function importScripts(...urls) {
    const hrefs = [];
    for (let i = 0; i < urls.length; i += 1) {
      const href = apply(urlHref, new OrigURL(Str(urls[i]), here), []);
      if (!own(href)) throw refused('load the script', href);
      defineProperty(hrefs, i, { value: href, writable: true, configurable: true, enumerable: true });
    }
    return apply(importScripts0, scope, hrefs);
  });

  for (const name of ['XMLHttpRequest', 'WebSocket', 'WebSocketStream', 'EventSource', 'WebTransport', 'Worker', 'SharedWorker', 'FontFace', 'Notification']) {
    if (name in scope) {
      replace(scope, name, function () { throw refused(`use ${name}`, ''); });
    }
  }
  if (typeof Cache === 'function') {
    for (const name of ['add', 'addAll']) {
      replace(Cache.prototype, name, function () { return PromiseReject(refused(`use Cache.${name}`, '')); });
    }
  }
})();
