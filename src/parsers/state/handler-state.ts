// <Publisher.Type>-<version>/config/HandlerState: the agent's view of the handler, one word
// (`NotInstalled`, `Installed`, `Enabled`, `Disabled`, `FailedUpgrade`; ga/exthandlers.py). waagent.md §2.
import type { DocumentParser } from '../types.js';
import { KiB, attrs, extensionFromPath, fact } from './util.js';

export const HANDLER_STATE_ID = 'handler-state';

export const handlerStateParser: DocumentParser = {
  kind: 'document',
  id: HANDLER_STATE_ID,
  description: 'extension handler state (<Publisher.Type>-<version>/config/HandlerState)',
  globs: ['**/config/HandlerState'],
  maxBytes: 4 * KiB,
  samples: [
    {
      path: 'var/lib/waagent/Microsoft.Azure.Monitor.AzureMonitorLinuxAgent-1.29.6/config/HandlerState',
      text: 'FailedUpgrade',
      expectFacts: [{ kind: 'handler-state', value: 'Microsoft.Azure.Monitor.AzureMonitorLinuxAgent', line: 1, attrs: { version: '1.29.6', state: 'FailedUpgrade' }, text: 'FailedUpgrade' }],
    },
  ],
  parse(source, ctx) {
    const ext = extensionFromPath(ctx.path, 1);
    const lines = source.split(/\r?\n/);
    const index = lines.findIndex((l) => l.trim() !== '');
    const state = index < 0 ? '' : lines[index]!.trim();
    if (!state) {
      ctx.problem('empty HandlerState file: the handler state is unknown');
      return;
    }
    if (!/^[A-Za-z]{2,40}$/.test(state)) {
      ctx.problem('HandlerState does not hold a handler state word');
      return;
    }
    fact(ctx, 'handler-state', ext?.name, { line: index + 1, text: state, attrs: attrs({ version: ext?.version, state }) });
  },
};
