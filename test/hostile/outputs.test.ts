// Bundle values that act on the reader (escape sequences, Markdown, HTML, formulas) and planted secrets, through
// every output: text, Markdown, HTML, JSON, the timeline's JSONL and CSV.
import { describeCases } from './harness/suite.js';

describeCases('hostile values in every output', ['payload', 'secret']);
