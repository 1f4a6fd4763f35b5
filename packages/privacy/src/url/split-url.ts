/** The parts of a URL as written; `prefix` is scheme + authority ('' for relative URLs). */
export interface UrlParts {
  scheme: string;
  prefix: string;
  userinfo: boolean;
  path: string;
  query: string | null;
  fragment: string | null;
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;

/**
 * Splits a URL without normalising it (unlike `URL`, which would rewrite relative URLs,
 * encodings and case). Never throws: anything unparseable is just a path.
 */
export function splitUrl(url: string): UrlParts {
  const m = SCHEME.exec(url);
  const scheme = m?.[1]?.toLowerCase() ?? '';
  let i = m ? m[0].length : 0;
  let prefix = url.slice(0, i);
  let userinfo = false;
  if (url.startsWith('//', i)) {
    let end = i + 2;
    while (end < url.length && !'/?#'.includes(url[end] as string)) end++;
    let authority = url.slice(i + 2, end);
    const at = authority.lastIndexOf('@');
    // Credentials in the authority are dropped outright.
    if (at !== -1) {
      authority = authority.slice(at + 1);
      userinfo = true;
    }
    prefix += '//' + authority;
    i = end;
  }
  const hash = url.indexOf('#', i);
  const beforeHash = hash === -1 ? url.length : hash;
  const q = url.indexOf('?', i);
  const hasQuery = q !== -1 && q < beforeHash;
  return {
    scheme,
    prefix,
    userinfo,
    path: url.slice(i, hasQuery ? q : beforeHash),
    query: hasQuery ? url.slice(q + 1, beforeHash) : null,
    fragment: hash === -1 ? null : url.slice(hash + 1),
  };
}
