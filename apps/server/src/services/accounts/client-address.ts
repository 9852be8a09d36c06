import ipaddr from 'ipaddr.js';

/**
 * What is kept of a client's address (sessions, the audit trail): its network, not the host:
 * IPv4 /24, IPv6 /48. Enough to tell "the office" from "abroad", not to single out a device.
 */
export function truncateAddress(address: string | undefined): string | null {
  if (!address || !ipaddr.isValid(address)) return null;
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  if (ip.kind() === 'ipv4') {
    const [a, b, c] = (ip as ipaddr.IPv4).octets;
    return `${a}.${b}.${c}.0/24`;
  }
  const parts = (ip as ipaddr.IPv6).parts;
  return `${parts.slice(0, 3).map((p) => p.toString(16)).join(':')}::/48`;
}
