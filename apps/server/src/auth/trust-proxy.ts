import { isIP } from 'node:net';

/**
 * Which X-Forwarded-For entries Veil believes (VEIL_TRUST_PROXY): none; the last `hops` hops
 * (the socket peer and the right-most entries written by the proxies); or the hops whose address
 * is in a list. The client address is the right-most entry that is not trusted, so a client can
 * prepend whatever it likes to the header and still be counted under its own address.
 */
export type TrustProxy = false | { hops: number } | { addresses: string[] };

/** Most proxies a request can realistically pass through. */
const MAX_HOPS = 16;
/** Address ranges proxy-addr knows by name. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const USAGE = 'give false, the number of proxies in front of Veil (e.g. 1), or their addresses (e.g. 127.0.0.1 or 10.0.0.0/8,fd00::/8)';

/** Parses a VEIL_TRUST_PROXY value; answers a one-line reason when it is not one. */
export function parseTrustProxy(raw: string): { value: TrustProxy } | { error: string } {
  const text = raw.trim();
  if (text === 'false' || text === '0') return { value: false };
  if (text === 'true') {
    // The old meaning, "trust every hop", takes the left-most entry: one any client writes itself.
    return { error: `true would trust every address, so any client could pick its own; ${USAGE}` };
  }
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return hops <= MAX_HOPS ? { value: { hops } } : { error: `at most ${MAX_HOPS} hops; ${USAGE}` };
  }
  const addresses = text.split(',').map((a) => a.trim());
  const bad = addresses.find((a) => !isAddressOrRange(a));
  if (bad !== undefined) return { error: `${JSON.stringify(bad)} is not an IP address, CIDR range or one of ${[...NAMED_RANGES].join(', ')}; ${USAGE}` };
  return { value: { addresses } };
}

function isAddressOrRange(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/** The setting as Fastify's `trustProxy` option. */
export function fastifyTrustProxy(setting: TrustProxy): false | string[] | ((address: string, hop: number) => boolean) {
  if (setting === false) return false;
  if ('addresses' in setting) return setting.addresses;
  // Fastify 5 ignores a plain number (it trusts no hop then); a function keeps the hop count.
  const { hops } = setting;
  return (_address, hop) => hop < hops;
}
