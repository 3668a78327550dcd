// Fetches one of the site's own files for the app, on demand (static/site-file.js asks; today
// the Public Suffix List, psl/public_suffix_list.dat, when a server name is given). The page's
// Content-Security-Policy says `connect-src 'none'`: the page itself may not fetch anything, not
// even this site's files. A dedicated worker loaded from this site is not bound by the page's
// policy, so it fetches here; first of all, worker-guard.js binds it to the site's own files.
importScripts('worker-guard.js');

self.onmessage = async ({ data: { url, maxBytes } }) => {
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const bytes = await response.arrayBuffer();
    if (bytes.byteLength > maxBytes) throw new Error(`${url}: ${bytes.byteLength} bytes, more than ${maxBytes}`);
    self.postMessage({ bytes }, [bytes]);
  } catch (e) {
    self.postMessage({ error: String(e) });
  }
};
