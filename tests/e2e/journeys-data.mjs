// What the journeys of issue 24 share between Chromium (journeys.test.mjs) and Firefox
// (journeys-firefox.test.mjs): the ticket, the fleet file, the phone's size, where screenshots go.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixture } from './harness.mjs';

export const shots = path.join(path.dirname(fileURLToPath(import.meta.url)), 'screenshots');
export const PHONE = { width: 390, height: 844 };
export const DIALOG = 'The MDM server for your organization returned an unexpected status (403).';
export const NEXT_STEP = 'Send this report to your MDM admin; do not erase the Mac.';
/** What the page copies, kept in the page (the same in every browser, no clipboard permission). */
export const CAPTURE_COPY = `navigator.clipboard.writeText = async (t) => { window.__copied = t; };`;

/** The ticket: the dialog's text, then what `security find-certificate` printed. */
export const ticket = () => `${DIALOG}\n\n${fixture('apple/sample-security-find-certificate-apsd-keychain.txt')}`;

/** A fleet export with a Computer Name beside the serial: genuine expired devices, a forged one
 *  and a web server's certificate. */
export function fleetCsv() {
  const real = fixture('apple/leaf-device-apsd-2018-expired-sha1.pem').trim();
  const forged = fixture('chains/forged-device-ca/leaf.pem').trim();
  const web = fixture('chains/rsa-chain/leaf.pem').trim();
  const out = ['Serial Number,Computer Name,APSD Certificate'];
  for (let i = 0; i < 6; i += 1) out.push(`C02000000${i},Mac of user ${i},"${i === 3 ? forged : i === 5 ? web : real}"`);
  return out.join('\n') + '\n';
}
