// Hostile content for the parsers through the CLI: EVTX records whose rendering explodes and chunks that lie, event
// exports (XML entities and nesting, CSV and JSON fields without end), agent state files, text that is not text.
import { describeCases } from './harness/suite.js';

describeCases('hostile parser input', ['evtx', 'export', 'state', 'text']);
