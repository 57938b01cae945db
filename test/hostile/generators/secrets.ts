// Planted secrets (issue 11, point 3): every form the issue lists, with FAKE values of the right shape, in the
// sources a bundle carries them in. A check looks for each value's probe (a run of its characters no redaction
// marker could contain) in every output.
import type { FixtureFile } from '../../helpers/archives.js';
import { Rng } from './rng.js';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export interface PlantedSecret {
  /** The form, as the issue names it. */
  form: string;
  /** The text planted (a line, or several for a key block). */
  text: string;
  /** Substrings of the secret value: none may appear in any output. */
  probes: string[];
}

/** A fake value: `n` base64 characters, the first 24 of them letters and digits only (the probe). */
function fake(rng: Rng, n: number, tail = ''): string {
  return rng.text(n - tail.length, B64) + tail;
}

/** Every form, with values from `seed`. */
export function plantedSecrets(seed = 11): PlantedSecret[] {
  const rng = new Rng(seed);
  const out: PlantedSecret[] = [];
  const add = (form: string, value: string, text: (v: string) => string, probe = value.slice(0, 24)): void => {
    out.push({ form, text: text(value), probes: [probe] });
  };
  const sig = (): string => `${fake(rng, 30)}%2B${fake(rng, 10)}%3D`;
  const pw = (): string => `Fk${fake(rng, 22)}!9`;
  const b64 = (): string => fake(rng, 64, '==');
  const storageKey = (): string => fake(rng, 88, '==');
  const jwt = (): string => `eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJ${fake(rng, 40)}.${fake(rng, 43)}`;

  add('sas: URL query', sig(), (v) => `GET https://md-fake.blob.core.windows.net/vhds/osdisk.vhd?sv=2020-08-04&sr=b&sig=${v}&se=2024-05-03T00%3A00%3A00Z&sp=r failed`);
  add('sas: JSON-escaped \\u0026sig=', sig(), (v) => `"blobUri": "https://md-fake.blob.core.windows.net/c/b?sv=2020-08-04\\u0026sr=b\\u0026sig=${v}\\u0026se=2024-05-03"`);
  add('sas: XML &amp;sig=', sig(), (v) => `<BlobUri>https://md-fake.blob.core.windows.net/c/b?sv=2020-08-04&amp;sr=b&amp;sig=${v}&amp;se=2024-05-03</BlobUri>`);
  add('sas: bare sig=', sig(), (v) => `upload token sig=${v} rejected by storage`);
  add('protectedSettings: JSON string', b64(), (v) => `"protectedSettings": "${v}", "protectedSettingsCertThumbprint": "0123456789ABCDEF0123456789ABCDEF01234567"`);
  add('protectedSettings: nested object', pw(), (v) => `"protectedSettings": {"storageAccountName": "fakeacct", "commandToExecute": "echo ${v}", "fileUris": []}`);
  add('protectedSettings: escaped JSON', b64(), (v) => `{\\"protectedSettings\\": \\"${v}\\", \\"publicSettings\\": {}}`);
  add('protectedSettings: Python dict', b64(), (v) => `{'protectedSettings': '${v}', 'publicSettings': {}}`);
  add('protectedSettings: XML', b64(), (v) => `<ProtectedSettings>${v}</ProtectedSettings>`);
  add('password: JSON', pw(), (v) => `"password": "${v}"`);
  add('password: escaped JSON', pw(), (v) => `{\\"username\\": \\"azureuser\\", \\"password\\": \\"${v}\\"}`);
  add('password: XML', pw(), (v) => `<AdminPassword>${v}</AdminPassword>`);
  add('password: key=value', pw(), (v) => `login attempt user=azureuser password=${v} failed`);
  add('password: connection string', pw(), (v) => `Server=tcp:fake.database.windows.net,1433;Database=db;User ID=admin;Password=${v};Encrypt=True`);
  add('password: --password X', pw(), (v) => `exec /usr/bin/backup-tool --user admin --password ${v} --verbose`);
  add('password: -p X', pw(), (v) => `exec mysql -u root -p ${v} -h localhost`);
  add('password: /p:X', pw(), (v) => `exec net use Z: \\\\fakeserver\\share /user:admin /p:${v}`);
  add('storage key: bare', storageKey(), (v) => `storage account key1 ${v}`);
  add('storage key: connection string', storageKey(), (v) => `DefaultEndpointsProtocol=https;AccountName=fakeacct;AccountKey=${v};EndpointSuffix=core.windows.net`);
  {
    const t = jwt();
    add('JWT: bare', t, (v) => `identity token ${v}`, t.slice(t.lastIndexOf('.') + 1).slice(0, 24));
  }
  {
    const t = jwt();
    add('bearer: lower case', t, (v) => `Authorization: bearer ${v}`, t.slice(t.lastIndexOf('.') + 1).slice(0, 24));
  }
  add('client_secret', fake(rng, 34), (v) => `token request client_id=00000000-0000-0000-0000-000000000000&client_secret=${v}&grant_type=client_credentials`);
  add('access_token', fake(rng, 60), (v) => `{"token_type": "Bearer", "access_token": "${v}", "expires_in": 3599}`);
  add('refresh_token', fake(rng, 60), (v) => `refresh_token=${v}`);
  // A private key as a whole block: every body line is a secret by itself.
  const body = Array.from({ length: 6 }, () => fake(rng, 64));
  out.push({
    form: 'private key block',
    text: ['-----BEGIN RSA PRIVATE KEY-----', ...body, '-----END RSA PRIVATE KEY-----'].join('\n'),
    probes: body.map((l) => l.slice(0, 24)),
  });
  return out;
}

/**
 * A bundle carrying every planted secret in each source kind: waagent.log ERROR lines the network detector reads (so
 * they become evidence), a plain log, an extension's settings and status files, ExtensionsConfig.xml, an Event
 * Viewer XML export, the backup extension's log.
 */
export function secretFiles(secrets: PlantedSecret[]): FixtureFile[] {
  const single = secrets.filter((s) => !s.text.includes('\n'));
  const key = secrets.find((s) => s.text.includes('\n'))!;
  const waagent = [
    '2024-05-02T06:00:01.178802Z INFO Daemon Daemon Azure Linux Agent Version: 2.10.0.8',
    ...single.map(
      (s, i) =>
        `2024-05-02T07:${String(10 + Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.421905Z ERROR ExtHandler ExtHandler Error fetching the goal state: [ProtocolError] ${s.text} -- IOError [Errno 110] Connection timed out -- 6 attempts made`,
    ),
    `2024-05-02T07:30:00.000000Z ERROR ExtHandler ExtHandler Unexpected error loading the certificate: key follows`,
    key.text,
    '2024-05-02T07:31:00.000000Z INFO ExtHandler ExtHandler done',
  ].join('\n');
  const plain = [...single.map((s, i) => `2024-05-02T08:00:${String(i % 60).padStart(2, '0')}Z ERROR ${s.text}`), key.text].join('\n');
  const ext = 'Microsoft.Azure.Extensions.CustomScript';
  const settings = JSON.stringify({
    runtimeSettings: [
      {
        handlerSettings: {
          protectedSettingsCertThumbprint: '0123456789ABCDEF0123456789ABCDEF01234567',
          protectedSettings: secrets.find((s) => s.form === 'protectedSettings: JSON string')!.text.match(/"protectedSettings": "([^"]+)"/)![1],
          publicSettings: { commandToExecute: single.map((s) => s.text).join(' ; ') },
        },
      },
    ],
  });
  const status = JSON.stringify([
    {
      version: 1,
      timestampUTC: '2024-05-02T07:10:52Z',
      status: { name: ext, operation: 'Enable', status: 'error', code: 1, formattedMessage: { lang: 'en-US', message: single.map((s) => s.text).join('\n') + '\n' + key.text } },
    },
  ]);
  const extensionsConfig =
    `<?xml version="1.0" encoding="utf-8"?>\n<Extensions version="1.0.0.0" goalStateIncarnation="2"><Plugins><Plugin name="${ext}" version="2.1.10" state="enabled" autoUpgrade="true" /></Plugins>` +
    `<PluginSettings><Plugin name="${ext}" version="2.1.10"><RuntimeSettings seqNo="0">{"runtimeSettings":[{"handlerSettings":{"protectedSettingsCertThumbprint":"0123","protectedSettings":"${secrets.find((s) => s.form === 'protectedSettings: XML')!.probes[0]}MIIB"}}]}</RuntimeSettings></Plugin></PluginSettings>` +
    single.map((s) => `<Note>${s.text.replace(/&(?!amp;)/g, '&amp;').replace(/</g, '&lt;')}</Note>`).join('') +
    `</Extensions>\n`;
  const esc = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const events =
    `<?xml version="1.0" encoding="utf-8"?>\n<Events>` +
    [...single, key]
      .map(
        (s, i) =>
          `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Application Error'/><EventID Qualifiers='0'>1000</EventID><Level>2</Level>` +
          `<TimeCreated SystemTime='2024-05-02T09:00:${String(i % 60).padStart(2, '0')}.0000000Z'/><EventRecordID>${100 + i}</EventRecordID><Channel>Application</Channel><Computer>vm</Computer></System>` +
          `<EventData><Data>${esc(s.text)}</Data></EventData></Event>`,
      )
      .join('') +
    '</Events>\n';
  const vmsnapshot = single.map((s, i) => `2024-05-02 10:00:${String(i % 60).padStart(2, '0')} [Error]: ${s.text}`).join('\n') + '\n';
  return [
    { path: 'var/log/waagent.log', content: waagent + '\n' },
    { path: 'var/log/custom/app.log', content: plain + '\n' },
    { path: `var/lib/waagent/${ext}-2.1.10/config/0.settings`, content: settings },
    { path: `var/lib/waagent/${ext}-2.1.10/status/0.status`, content: status },
    { path: 'var/lib/waagent/ExtensionsConfig.2.xml', content: extensionsConfig },
    { path: 'exports/application.xml', content: events },
    { path: 'var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/extension.log', content: vmsnapshot },
    { path: 'var/lib/waagent/fake-transport.prv', content: key.text + '\n' },
  ];
}
