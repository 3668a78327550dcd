// PKI.js verifying the same chains as certscope, in the same browser (bench/browser.mjs).
import * as pkijs from 'pkijs';
import * as asn1js from 'asn1js';

const der = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)).buffer;
const parse = (b64) => pkijs.Certificate.fromBER(der(b64));

window.pkijsVerify = async function (leaves, intermediates, roots) {
  pkijs.setEngine('browser', new pkijs.CryptoEngine({ name: 'browser', crypto, subtle: crypto.subtle }));
  const t0 = performance.now();
  const trusted = roots.map(parse);
  const inter = intermediates.map(parse);
  let ok = 0;
  for (const l of leaves) {
    const engine = new pkijs.CertificateChainValidationEngine({ trustedCerts: trusted, certs: [parse(l), ...inter], checkDate: new Date('2027-01-01') });
    const r = await engine.verify();
    if (r.result) ok += 1;
  }
  void asn1js;
  return { ms: performance.now() - t0, ok };
};
