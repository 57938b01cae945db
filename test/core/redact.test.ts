// The redaction layer on its own: every form issue 11 lists (a table: the text as a bundle carries it, the kind it
// must be counted as, what must be gone and what must stay), tokens that stay the same for one secret, the report's
// `redactions` and `redactedIn`, blocks over several lines, and properties (fast-check): a line without a secret is
// never changed, a secret planted in any such line is always removed, redacting twice changes nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutRedacted, redact, redactDeep, Redactor, redactReport, redactorFor, noteRedactions, REPORT_PLACE, SECRET_KINDS } from '../../src/report/redact.js';
import type { Report } from '../../src/model.js';

const SIG = 'Xk9fQm2Lr7TzP4vN8wB1cD3eF5gH6jK0mN2pQ4rS6tU%2Bv8%3D';
const PW = 'Fk7Qz2Lr9TbWx4!';
const B64 = 'MIIB8zCCAVygAwIBAgIQbK3mWzq9pLrT2vN5xY7cZEMAOGCSqGSIb3DQEBBQUAMBIxEDAOBgNV';
/** 86 base64 characters and `==`: the shape of an Azure storage account key. */
const KEY88 = `${'aZ3x9Lr2Tq8Wb5Yc7Vd1Ne4Mf6Kg0Jh2Hi9Gj3Fk5Dl7Sm1An4Bo8Cp6Dq0Er2Fs3Gt5Hu7Iv9Jw1Kx3Ly5Mz7PqRsTuVwXy'.slice(0, 86)}==`;
const JWT = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkZha2UifQ.c2lnbmF0dXJlLW5vdC1hLXJlYWwtb25lLWF0LWFsbA';

interface Row {
  form: string;
  text: string;
  kind: string;
  /** Must be gone. */
  secret: string;
  /** Must stay. */
  keep: string[];
}

const ROWS: Row[] = [
  { form: 'private key on one line', text: 'key: -----BEGIN EC PRIVATE KEY----- MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oBT1d0zK3xmBoAoGCCqGSM49 -----END EC PRIVATE KEY----- loaded', kind: 'private-key', secret: 'MHcCAQEEIBkg4LVWM9nu', keep: ['key: ', ' loaded'] },
  { form: 'SAS in a URL', text: `GET https://a.blob.core.windows.net/c/b?sv=2020-08-04&sr=b&sig=${SIG}&se=2024 failed`, kind: 'sas', secret: SIG.slice(0, 20), keep: ['?sv=2020-08-04&sr=b&sig=', '&se=2024 failed'] },
  { form: 'SAS first in the query', text: `https://a.blob.core.windows.net/c/b?sig=${SIG}`, kind: 'sas', secret: SIG.slice(0, 20), keep: ['/c/b?sig='] },
  { form: 'SAS JSON-escaped', text: `"uri": "https://a/c?sv=1\\u0026sig=${SIG}\\u0026se=2"`, kind: 'sas', secret: SIG.slice(0, 20), keep: ['\\u0026se=2"'] },
  { form: 'SAS XML-escaped', text: `<Uri>https://a/c?sv=1&amp;sig=${SIG}&amp;se=2</Uri>`, kind: 'sas', secret: SIG.slice(0, 20), keep: ['&amp;se=2</Uri>'] },
  { form: 'SAS URL-encoded', text: `url=https%3A%2F%2Fa%2Fc%3Fsv%3D1%26sig%3D${SIG}%26se%3D2`, kind: 'sas', secret: SIG.slice(0, 20), keep: ['%26se%3D2'] },
  { form: 'SAS bare sig=', text: `upload token sig=${SIG} rejected`, kind: 'sas', secret: SIG.slice(0, 20), keep: [' rejected'] },
  { form: 'SAS after ;', text: `BlobEndpoint=https://a/;SharedAccessSignature=sv=1;sig=${SIG}`, kind: 'sas', secret: SIG.slice(0, 20), keep: ['BlobEndpoint=https://a/'] },
  { form: 'protectedSettings JSON string', text: `{"protectedSettings": "${B64}", "publicSettings": {}}`, kind: 'protected-settings', secret: B64.slice(0, 20), keep: ['"publicSettings": {}}'] },
  { form: 'protectedSettings nested object', text: `"protectedSettings": {"commandToExecute": "echo ${PW}", "fileUris": ["x"]}, "b": 1`, kind: 'protected-settings', secret: PW, keep: [', "b": 1'] },
  { form: 'protectedSettings escaped JSON', text: `{\\"protectedSettings\\": \\"${B64}\\", \\"publicSettings\\": {}}`, kind: 'protected-settings', secret: B64.slice(0, 20), keep: ['\\"publicSettings\\": {}}'] },
  { form: 'protectedSettings escaped JSON object', text: `{\\"protectedSettings\\": {\\"password\\": \\"${PW}\\"}, \\"x\\": 1}`, kind: 'protected-settings', secret: PW, keep: ['\\"x\\": 1}'] },
  { form: 'protectedSettings Python dict', text: `{'protectedSettings': '${B64}', 'publicSettings': {}}`, kind: 'protected-settings', secret: B64.slice(0, 20), keep: ["'publicSettings': {}}"] },
  { form: 'protectedSettings Python 2 unicode', text: `{u'protectedSettings': u'${B64}'}`, kind: 'protected-settings', secret: B64.slice(0, 20), keep: ["{u'protectedSettings'"] },
  { form: 'protectedSettings XML', text: `<ProtectedSettings>${B64}</ProtectedSettings>`, kind: 'protected-settings', secret: B64.slice(0, 20), keep: ['<ProtectedSettings>', '</ProtectedSettings>'] },
  { form: 'password JSON', text: `"password": "${PW}", "user": "azureuser"`, kind: 'password', secret: PW, keep: ['"user": "azureuser"'] },
  { form: 'adminPassword JSON', text: `{"adminPassword": "${PW}"}`, kind: 'password', secret: PW, keep: ['"adminPassword"'] },
  { form: 'password escaped JSON', text: `{\\"username\\": \\"azureuser\\", \\"password\\": \\"${PW}\\"}`, kind: 'password', secret: PW, keep: ['\\"username\\": \\"azureuser\\"'] },
  { form: 'password XML', text: `<AdminPassword>${PW}</AdminPassword>`, kind: 'password', secret: PW, keep: ['<AdminPassword>', '</AdminPassword>'] },
  { form: 'password XML escaped inside XML', text: `&lt;UserPassword&gt;${PW}&lt;/UserPassword&gt;`, kind: 'password', secret: PW, keep: ['&lt;/UserPassword&gt;'] },
  { form: 'password in event data', text: `<Data Name="Password">${PW}</Data>`, kind: 'password', secret: PW, keep: ['</Data>'] },
  { form: 'password key=value', text: `login user=azureuser password=${PW} failed`, kind: 'password', secret: PW, keep: ['user=azureuser', ' failed'] },
  { form: 'password connection string', text: `Server=tcp:db,1433;User ID=admin;Password=${PW};Encrypt=True`, kind: 'password', secret: PW, keep: [';Encrypt=True', 'User ID=admin'] },
  { form: 'Pwd ODBC braces', text: `Driver={ODBC};Uid=sa;Pwd={${PW}};`, kind: 'password', secret: PW, keep: ['Uid=sa'] },
  { form: 'command line --password X', text: `backup-tool --user admin --password ${PW} --verbose`, kind: 'password', secret: PW, keep: [' --verbose'] },
  { form: 'command line --password=X', text: `backup-tool --password=${PW}`, kind: 'password', secret: PW, keep: ['--password='] },
  { form: 'command line -p X', text: `mysql -u root -p ${PW} -h localhost`, kind: 'password', secret: PW, keep: ['-h localhost'] },
  { form: 'command line -pX', text: `mysql -uroot -p${PW} db`, kind: 'password', secret: PW, keep: [' db'] },
  { form: 'command line /p:X', text: `net use Z: \\\\srv\\share /user:admin /p:${PW}`, kind: 'password', secret: PW, keep: ['/user:admin'] },
  { form: 'PowerShell -Password X', text: `New-LocalUser -Name x -Password ${PW}`, kind: 'password', secret: PW, keep: ['-Name x'] },
  { form: 'storage key bare', text: `storage account key1 ${KEY88}`, kind: 'storage-key', secret: KEY88.slice(0, 30), keep: ['storage account key1 '] },
  { form: 'storage key in a connection string', text: `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${KEY88};EndpointSuffix=core.windows.net`, kind: 'storage-key', secret: KEY88.slice(0, 30), keep: ['AccountName=acct', ';EndpointSuffix=core.windows.net'] },
  { form: 'storage key JSON', text: `{"storageAccountKey": "${KEY88}"}`, kind: 'storage-key', secret: KEY88.slice(0, 30), keep: ['"storageAccountKey"'] },
  { form: 'JWT bare', text: `identity token ${JWT} issued`, kind: 'jwt', secret: JWT.slice(-30), keep: [' issued'] },
  { form: 'Bearer token', text: `Authorization: Bearer ${B64}`, kind: 'bearer', secret: B64.slice(0, 20), keep: ['Authorization: Bearer '] },
  { form: 'bearer token, lower case', text: `authorization: bearer ${B64}`, kind: 'bearer', secret: B64.slice(0, 20), keep: ['bearer '] },
  { form: 'client_secret query', text: `client_id=0000&client_secret=${PW}x&grant_type=client_credentials`, kind: 'client-secret', secret: PW, keep: ['&grant_type=client_credentials'] },
  { form: 'client_secret JSON', text: `{"client_secret": "${PW}"}`, kind: 'client-secret', secret: PW, keep: ['"client_secret"'] },
  { form: 'access_token JSON', text: `{"token_type": "Bearer", "access_token": "${B64}", "expires_in": 3599}`, kind: 'access-token', secret: B64.slice(0, 20), keep: ['"expires_in": 3599'] },
  { form: 'refresh_token key=value', text: `refresh_token=${B64}&scope=x`, kind: 'refresh-token', secret: B64.slice(0, 20), keep: ['&scope=x'] },
  { form: 'appSecret', text: `{"appSecret": "${PW}"}`, kind: 'secret', secret: PW, keep: ['"appSecret"'] },
];

describe('redact: every form', () => {
  it.each(ROWS)('$form', (row) => {
    const counts: Record<string, number> = {};
    const out = redact(row.text, counts);
    expect(out).not.toContain(row.secret);
    expect(out).toMatch(new RegExp(`«redacted:${row.kind}-1»`));
    for (const k of row.keep) expect(out).toContain(k);
    expect(counts[row.kind]).toBeGreaterThanOrEqual(1);
  });

  it('every kind of the table has a row', () => {
    for (const kind of SECRET_KINDS) expect(ROWS.some((r) => r.kind === kind.kind)).toBe(true);
  });

  it('a private key goes as one block, BEGIN to END', () => {
    const body = ['MIIEpAIBAAKCAQEA1x2y3z4a5b6c7d8e9f0g1h2i3j4k5l6m7n8o9p0', 'q1r2s3t4u5v6w7x8y9z0A1B2C3D4E5F6G7H8I9J0K1L2M3N4O5P6'];
    const text = ['before', '-----BEGIN RSA PRIVATE KEY-----', ...body, '-----END RSA PRIVATE KEY-----', 'after'].join('\n');
    const out = redact(text);
    expect(out).toBe('before\n«redacted:private-key-1»\nafter');
    // The viewer's file view keeps the lines' numbers.
    const kept = new Redactor().text(text, 'k.pem', { keepLines: true });
    expect(kept.split('\n')).toEqual(['before', '«redacted:private-key-1»', '', '', '', 'after']);
  });

  it('a private key logged line by line (one call a line) is followed to its END line in the same file', () => {
    const r = new Redactor();
    const lines = ['-----BEGIN PRIVATE KEY-----', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7', 'VJTUt9Us8cKjMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDu', '-----END PRIVATE KEY-----', 'next line'];
    const out = lines.map((l) => r.text(l, 'var/log/syslog'));
    expect(out.slice(0, 4).every((l) => l === '«redacted:private-key-1»')).toBe(true);
    expect(out[4]).toBe('next line');
    expect(r.counts['private-key']).toBe(4);
  });
});

describe('redact: tokens', () => {
  it('one secret, one token, wherever and however it is written; another secret, the next number', () => {
    const r = new Redactor();
    const a = r.text(`GET https://a/c?sv=1&sig=${SIG}&se=2`, 'x.log');
    const b = r.text(`"uri": "https://a/c?sv=1\\u0026sig=${SIG.replace(/\//g, '\\/')}"`, 'y.json');
    const c = r.text('GET https://a/c?sv=1&sig=ZZZZZZZZZZZZZZZZZZZZZZZZ%3D', 'x.log');
    expect(a).toContain('«redacted:sas-1»');
    expect(b).toContain('«redacted:sas-1»');
    expect(c).toContain('«redacted:sas-2»');
    expect(r.counts).toEqual({ sas: 3 });
    expect(r.redactedIn()).toEqual([
      { kind: 'sas', path: 'x.log', count: 2 },
      { kind: 'sas', path: 'y.json', count: 1 },
    ]);
  });

  it('a redactor carried to another thread (its state) keeps the numbers', () => {
    const first = new Redactor();
    first.text(`password=${PW}`);
    const second = new Redactor(first.state());
    expect(second.text(`"password": "${PW}"`)).toBe('"password": "«redacted:password-1»"');
    expect(second.text('password=Another1Secret')).toBe('password=«redacted:password-2»');
  });

  it('a cut never splits a token', () => {
    const text = `x password=${PW}`;
    const redacted = redact(text);
    const cut = cutRedacted(redacted, redacted.indexOf('«') + 5);
    expect(cut).toBe('x password=…');
  });

  it('redactDeep walks a value, counting by kind', () => {
    const counts: Record<string, number> = {};
    const out = redactDeep({ a: [`x&sig=${SIG}`, { b: 'ok' }], n: 3 }, counts);
    expect(out).toEqual({ a: ['x&sig=«redacted:sas-1»', { b: 'ok' }], n: 3 });
    expect(counts).toEqual({ sas: 1 });
  });
});

describe('redact: the report', () => {
  const report = (): Report =>
    ({
      bundle: { name: 'b.tgz', kind: 'tgz', files: 2 },
      sources: [{ path: 'var/log/waagent.log', parser: 'waagent-log', events: 2 }],
      problems: [],
      findings: [
        {
          id: 'network.storage-unreachable',
          title: 'Downloads fail',
          summary: `Seen twice: sig=${SIG}`,
          evidence: [
            { path: 'var/log/waagent.log', line: 3, text: `GET https://a/c?sv=1&sig=${SIG}` },
            { path: 'var/lib/waagent/x/0.settings', line: 1, text: `{"protectedSettings": "${B64}"}` },
          ],
        },
      ],
      timeline: { events: 2 },
    }) as unknown as Report;

  it('lists what it removed by kind and where; the summary is the report`s own place', () => {
    const out = redactReport(report());
    expect(JSON.stringify(out)).not.toContain(SIG.slice(0, 20));
    expect(JSON.stringify(out)).not.toContain(B64.slice(0, 20));
    expect(out.redactions).toEqual({ sas: 2, 'protected-settings': 1 });
    expect(out.redactedIn).toEqual([
      { kind: 'protected-settings', path: 'var/lib/waagent/x/0.settings', count: 1 },
      { kind: 'sas', path: REPORT_PLACE, count: 1 },
      { kind: 'sas', path: 'var/log/waagent.log', count: 1 },
    ]);
    // The summary and the evidence name the same signature by the same token.
    expect(out.findings[0]!.summary).toContain('«redacted:sas-1»');
    expect(out.findings[0]!.evidence[0]!.text).toContain('«redacted:sas-1»');
  });

  it('what is redacted later for the report (the html page`s events) shares its tokens and counts in it', () => {
    const out = redactReport(report());
    const r = redactorFor(out.findings)!;
    expect(r.text(`retry ?sig=${SIG}`, 'var/log/waagent.log')).toBe('retry ?sig=«redacted:sas-1»');
    noteRedactions(out.findings);
    expect(out.redactions).toEqual({ sas: 3, 'protected-settings': 1 });
  });

  it('a report redacted again (an older report opened in the viewer) keeps its counts and numbers on', () => {
    const once = redactReport(report());
    const again = redactReport(JSON.parse(JSON.stringify(once)) as Report, Redactor.continuing(once));
    expect(again.redactions).toEqual(once.redactions);
    expect(JSON.stringify(again)).toBe(JSON.stringify(once));
  });
});

// ---- Properties ----

/** Words and pieces of real log lines that hold no secret, near misses included. */
const SAFE_PIECES = [
  'INFO', 'ERROR', 'ExtHandler', 'Daemon', 'WARNING', '2024-05-02T07:10:07.421905Z', 'GET', 'http://168.63.129.16/machine/?comp=goalstate',
  'https://acct.blob.core.windows.net/c/b?sv=2020-08-04&sr=b&se=2024', '[Errno 110] Connection timed out', 'password policy', 'passwd:',
  'password updated', 'Bearer authentication', 'mkdir -p /var/lib/waagent', 'ssh -p 22', 'cp -pr', 'PWD=/home/azureuser', 'token expired',
  'client secret rotated', 'signature=abc', 'design=x', 'sig=short', '"password": null', 'protectedSettings: null', 'access token',
  'key==value', 'Secret Server', '/var/log/azure', 'C:\\WindowsAzure\\Logs', '{"a": 1}', "{'b': 'c'}", '<Data Name="Param1">x</Data>',
  'user=azureuser', 'Status=Success', 'no_proxy=168.63.129.16', 'exit code 127', '=', '&', ';', ':', '"', "'", '\\', '-', '/p', 'p:',
];

const safeLine = fc
  .array(fc.oneof(fc.constantFrom(...SAFE_PIECES), fc.stringMatching(/^[a-z0-9 .,:()[\]_-]{0,12}$/)), { maxLength: 12 })
  .map((parts) => parts.join(' '));

const planted = fc.constantFrom(...ROWS);

describe('redact: properties', () => {
  it('never changes a line without a secret', () => {
    fc.assert(
      fc.property(safeLine, (line) => {
        expect(redact(line)).toBe(line);
      }),
      { numRuns: 3000, seed: 11 },
    );
  });

  it('removes a secret wherever it is planted in such a line, and keeps the line around it', () => {
    fc.assert(
      fc.property(safeLine, planted, safeLine, (before, row, after) => {
        const out = redact(`${before} ${row.text} ${after}`);
        expect(out).not.toContain(row.secret);
        expect(out.startsWith(before.trimEnd().slice(0, Math.max(0, before.lastIndexOf(' '))))).toBe(true);
      }),
      { numRuns: 2000, seed: 12 },
    );
  });

  it('redacting twice changes nothing, on any text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.tuple(safeLine, planted).map(([l, r]) => `${l} ${r.text}`)), (text) => {
        const once = redact(text);
        expect(redact(once)).toBe(once);
      }),
      { numRuns: 2000, seed: 13 },
    );
  });
});
