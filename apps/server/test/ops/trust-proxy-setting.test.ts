import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const trustProxy = (value: string) => loadConfig({ VEIL_TRUST_PROXY: value }).trustProxy;
const refusal = (value: string) => {
  try {
    loadConfig({ VEIL_TRUST_PROXY: value });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error(`VEIL_TRUST_PROXY=${value} was accepted`);
};

describe('VEIL_TRUST_PROXY', () => {
  it('trusts no proxy by default, nor with false or 0', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(trustProxy('false')).toBe(false);
    expect(trustProxy('0')).toBe(false);
  });

  it('takes a hop count', () => {
    expect(trustProxy('1')).toEqual({ hops: 1 });
    expect(trustProxy('2')).toEqual({ hops: 2 });
  });

  it('takes a comma-separated list of proxy addresses, CIDR ranges and named ranges', () => {
    expect(trustProxy('10.0.0.1')).toEqual({ addresses: ['10.0.0.1'] });
    expect(trustProxy(' 10.0.0.0/8, 172.16.0.0/12 ,::1,fd00::/8,loopback,uniquelocal')).toEqual({
      addresses: ['10.0.0.0/8', '172.16.0.0/12', '::1', 'fd00::/8', 'loopback', 'uniquelocal'],
    });
  });

  it('refuses true (trusting every hop lets any client pick its address) with one line that says what to give', () => {
    const message = refusal('true');
    expect(message).toMatch(/^invalid VEIL_TRUST_PROXY="true": /);
    expect(message).toContain('number of proxies');
    expect(message).toContain('addresses');
    expect(message.split('\n')).toHaveLength(1);
  });

  it('refuses values that are neither, naming the bad entry', () => {
    expect(refusal('yes')).toContain('"yes" is not an IP address');
    expect(refusal('10.0.0.0/33')).toContain('"10.0.0.0/33"');
    expect(refusal('10.0.0.1,')).toContain('""');
    expect(refusal('::1/129')).toContain('"::1/129"');
    expect(refusal('10.0.0.0/8/8')).toContain('"10.0.0.0/8/8"');
    expect(refusal('17')).toContain('at most 16 hops');
    expect(refusal('-1')).toContain('"-1"');
  });
});
