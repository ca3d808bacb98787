// Which requests the server answers at all: the pure rules behind its 403 and 405 (request-guard.ts).
import { describe, expect, it } from 'vitest';
import { refuseRequest } from '../../src/serve/request-guard.js';

const status = (method: string, host: string | undefined, bound = '127.0.0.1', port = 8580): number =>
  refuseRequest(method, host, bound, port)?.status ?? 200;

describe('refuseRequest', () => {
  it('answers the loopback names and the bound host with the port, nothing else', () => {
    for (const host of ['127.0.0.1:8580', 'localhost:8580', '[::1]:8580', 'LocalHost:8580'])
      expect(status('GET', host), host).toBe(200);
    for (const host of [
      'attacker.example:8580',
      'localhost.attacker.example:8580',
      'localhost:8581',
      'localhost',
      '127.0.0.1:80',
      '',
      undefined,
      'a:b:c',
    ]) {
      expect(status('GET', host), String(host)).toBe(403);
    }
    expect(status('GET', 'forge.internal:9000', 'forge.internal', 9000)).toBe(200);
    expect(status('GET', '[::1]:9000', '::1', 9000)).toBe(200);
    expect(refuseRequest('GET', 'attacker.example:9000', '::1', 9000)?.message).toBe(
      'host "attacker.example:9000" not served: open http://[::1]:9000/ or http://localhost:9000/',
    );
  });

  it('on every interface (0.0.0.0, ::) also answers address literals, never a domain name', () => {
    expect(status('GET', '192.168.1.20:8580', '0.0.0.0')).toBe(200);
    expect(status('GET', '[fe80::1]:8580', '::')).toBe(200);
    expect(status('GET', 'rebound.example:8580', '0.0.0.0')).toBe(403);
  });

  it('answers GET and HEAD only, with Allow on the 405', () => {
    expect(status('HEAD', 'localhost:8580')).toBe(200);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT']) {
      expect(refuseRequest(method, 'localhost:8580', '127.0.0.1', 8580)).toEqual({
        status: 405,
        headers: { allow: 'GET, HEAD' },
        message: `method ${method} not allowed: the server only reads (GET, HEAD)`,
      });
    }
  });
});
