// Hostile archives through the CLI: decompression bombs, memory on two threads, truncation at every layer, names
// that leave the bundle, links and special files. No hang, no stack trace, under 300 MB, the damage listed.
import { describeCases } from './harness/suite.js';

describeCases('hostile archives', ['bomb', 'memory', 'truncation', 'traversal', 'special-file']);
