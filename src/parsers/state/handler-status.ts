// <Publisher.Type>-<version>/config/HandlerStatus: the handler status the agent saved (JSON of ExtHandlerStatus:
// `{name, version, status: Ready|NotReady, code, message, ...}`; ga/exthandlers.py set_handler_status).
import type { DocumentParser } from '../types.js';
import { Locator, MiB, attrs, cut, extensionFromPath, fact, parseJsonObject, str } from './util.js';

export const HANDLER_STATUS_ID = 'handler-status';

export const handlerStatusParser: DocumentParser = {
  kind: 'document',
  id: HANDLER_STATUS_ID,
  description: 'extension handler status (<Publisher.Type>-<version>/config/HandlerStatus)',
  globs: ['**/config/HandlerStatus'],
  maxBytes: 1 * MiB,
  samples: [
    {
      path: 'var/lib/waagent/Microsoft.Azure.Extensions.CustomScript-2.1.10/config/HandlerStatus',
      text: '{"name": "Microsoft.Azure.Extensions.CustomScript", "version": "2.1.10", "status": "NotReady", "code": 1009, "message": "Plugin enable failed: exit code 1", "supports_multi_config": false}',
      expectFacts: [
        {
          kind: 'handler-status',
          value: 'Microsoft.Azure.Extensions.CustomScript',
          line: 1,
          attrs: { version: '2.1.10', status: 'NotReady', code: '1009', message: 'Plugin enable failed: exit code 1' },
        },
      ],
    },
  ],
  parse(source, ctx) {
    const doc = parseJsonObject(source, ctx, 'HandlerStatus');
    if (!doc) return;
    const ext = extensionFromPath(ctx.path, 1);
    const name = ext?.name ?? str(doc['name']);
    const status = str(doc['status']);
    const at = new Locator(source);
    const message = str(doc['message']);
    fact(ctx, 'handler-status', name, {
      line: at.json('status'),
      text: `status=${status ?? '?'} code=${str(doc['code']) ?? '?'}`,
      attrs: attrs({ version: ext?.version ?? str(doc['version']), status, code: str(doc['code']), message: message ? cut(message) : undefined }),
    });
  },
};
