/**
 * Organizational Domains (RFC 7489 section 3.2) from the Public Suffix List, through tldts,
 * which ships the list and follows its changes in its releases.
 *
 * The private section of the list counts (`herokuapp.com`, `github.io`): two customers of one
 * hosting suffix are two organizations, as DMARC receivers take them.
 * @see https://www.rfc-editor.org/rfc/rfc7489#section-3.2
 * @see https://publicsuffix.org/list/
 */

let getDomain: typeof import('tldts').getDomain | undefined;

/**
 * The Organizational Domain of `name`: its public suffix plus one label
 * (`reports.example.ltd.uk` -> `example.ltd.uk`, `app.herokuapp.com` -> `app.herokuapp.com`).
 * A name that is itself a public suffix (`co.uk`) is its own.
 */
export function organizationalDomain(name: string): string {
  const host = name.toLowerCase().replace(/\.$/, '');
  // Loaded on first use: the list costs tens of milliseconds to load, and most commands
  // (and configs whose reports stay at the sending domain) never need it.
  getDomain ??= (require('tldts') as typeof import('tldts')).getDomain;
  return getDomain(host, { allowPrivateDomains: true, extractHostname: false }) ?? host;
}

/** The last two labels of a name: `mail.example.com` -> `example.com`; a single label as it is. */
function lastTwoLabels(name: string): string {
  const last = name.lastIndexOf('.');
  return last < 0 ? name : name.slice(name.lastIndexOf('.', last - 1) + 1);
}

/** Whether `a` and `b` belong to one organization (RFC 7489 section 3.2). */
export function sameOrganization(a: string, b: string): boolean {
  const x = a.toLowerCase().replace(/\.$/, '');
  const y = b.toLowerCase().replace(/\.$/, '');
  if (x === y) return true;
  // Names whose last two labels differ are two organizations whatever the list says: an
  // Organizational Domain is a public suffix plus one label, so two names that share one end
  // in the same two labels, or are the same name (a public suffix that is its own). Most
  // report addresses are at another registered domain: most configs never load the list.
  if (lastTwoLabels(x) !== lastTwoLabels(y)) return false;
  return organizationalDomain(x) === organizationalDomain(y);
}
