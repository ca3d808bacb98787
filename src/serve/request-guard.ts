/**
 * What the server answers at all, before any route: GET and HEAD only (405 with Allow otherwise), and
 * only requests addressed to this server by name — the bound host, localhost, 127.0.0.1 or [::1] with
 * its port. A page on another site that rebinds its own name to 127.0.0.1 (DNS rebinding) sends its
 * own name in Host, so it gets 403 instead of the warehouse's data.
 */
import { isIP } from 'node:net';

interface Refusal {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly message: string;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

const bracketed = (host: string): string => (isIP(host) === 6 ? `[${host}]` : host);

/** Why a request is refused, or undefined when it is answered. `host`, `port`: where the server listens. */
export function refuseRequest(
  method: string | undefined,
  hostHeader: string | undefined,
  host: string,
  port: number,
): Refusal | undefined {
  if (method !== 'GET' && method !== 'HEAD')
    return {
      status: 405,
      headers: { allow: 'GET, HEAD' },
      message: `method ${method ?? '?'} not allowed: the server only reads (GET, HEAD)`,
    };
  if (!allowedHost(hostHeader ?? '', host, port)) {
    return {
      status: 403,
      headers: {},
      message: `host ${JSON.stringify(hostHeader ?? '')} not served: open http://${bracketed(host)}:${port}/ or http://localhost:${port}/`,
    };
  }
  return undefined;
}

function allowedHost(header: string, host: string, port: number): boolean {
  const match = /^(\[[0-9a-f:.]+\]|[^:]+)(?::(\d+))?$/i.exec(header.toLowerCase());
  if (!match) return false;
  const name = match[1] ?? '';
  if (Number(match[2] ?? 80) !== port) return false;
  if (LOOPBACK_NAMES.includes(name) || name === bracketed(host.toLowerCase())) return true;
  // listening on every interface: any address literal names this machine; a domain name may be rebound
  return WILDCARDS.has(host) && isIP(name.replace(/^\[|\]$/g, '')) !== 0;
}
