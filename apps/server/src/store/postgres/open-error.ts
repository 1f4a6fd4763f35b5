/**
 * One line saying why the database at `url` could not be opened, without its password: what an
 * operator needs to fix the setting or the database (the server exits 2 with it).
 */
export function describeOpenError(err: unknown, url: string): string {
  const e = err as { code?: string; message?: string };
  const where = safeLocation(url);
  switch (e.code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EHOSTUNREACH':
    case 'ETIMEDOUT':
    case 'EAI_AGAIN':
      return `cannot reach PostgreSQL at ${where} (${e.code})`;
    case '28P01':
    case '28000':
      return `PostgreSQL at ${where} refused the login (check the user and password in VEIL_DATABASE_URL)`;
    case '3D000':
      return `PostgreSQL at ${where}: the database does not exist (create it first: createdb)`;
    case '42501':
      return `PostgreSQL at ${where}: the user may not create Veil's tables (grant it CREATE on the database)`;
    default:
      if (/timeout/i.test(e.message ?? '')) return `cannot reach PostgreSQL at ${where} (timed out)`;
      return `could not open PostgreSQL at ${where}: ${(e.message ?? String(err)).split('\n')[0]}`;
  }
}

/** user@host:port/database of a URL, never its password. */
export function safeLocation(url: string): string {
  try {
    const u = new URL(url);
    return `${u.username ? `${decodeURIComponent(u.username)}@` : ''}${u.host}${u.pathname}`;
  } catch {
    return '(unparsable URL)';
  }
}
