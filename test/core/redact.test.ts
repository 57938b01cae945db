import { describe, expect, it } from 'vitest';
import { redact, redactDeep } from '../../src/report/redact.js';

describe('redact', () => {
  it('removes SAS signatures but keeps the rest of the URL', () => {
    const counts: Record<string, number> = {};
    const out = redact('GET https://a.blob.core.windows.net/c/b?sv=2020-08-04&sr=b&sig=abc%2Bdef%3D&se=2024 failed', counts);
    expect(out).toBe('GET https://a.blob.core.windows.net/c/b?sv=2020-08-04&sr=b&sig=[REDACTED]&se=2024 failed');
    expect(counts['sas-signature']).toBe(1);
  });

  it('removes protected settings in JSON and XML', () => {
    expect(redact('{"protectedSettings": "MIIB+secret==", "publicSettings": {}}')).toBe('{"protectedSettings": "[REDACTED]", "publicSettings": {}}');
    expect(redact('<ProtectedSettings>MIIBsecret</ProtectedSettings>')).toBe('<ProtectedSettings>[REDACTED]</ProtectedSettings>');
  });

  it('removes passwords and private keys', () => {
    expect(redact('<UserPassword>hunter2</UserPassword>')).toBe('<UserPassword>[REDACTED]</UserPassword>');
    expect(redact('"password": "hunter2"')).toBe('"password": [REDACTED]');
    expect(redact('-----BEGIN RSA PRIVATE KEY-----\nMIIEabc\n-----END RSA PRIVATE KEY-----')).toBe(
      '-----BEGIN RSA PRIVATE KEY----- [REDACTED] -----END RSA PRIVATE KEY-----',
    );
  });

  it('leaves ordinary log lines alone', () => {
    const line = '2024-03-01T10:00:00.000001Z INFO ExtHandler ExtHandler Wire server endpoint:168.63.129.16';
    expect(redact(line)).toBe(line);
  });

  it('walks a whole report', () => {
    const counts: Record<string, number> = {};
    const out = redactDeep({ a: ['x&sig=SECRET', { b: 'ok' }], n: 3 }, counts);
    expect(out).toEqual({ a: ['x&sig=[REDACTED]', { b: 'ok' }], n: 3 });
    expect(counts).toEqual({ 'sas-signature': 1 });
  });
});
