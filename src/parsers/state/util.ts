// The helpers of the state-file parsers, one module per concern; the state and Windows parsers import them from here.
export * from './values.js';
export * from './locate.js';
export * from './json.js';
export * from './xml.js';
export * from './times.js';
export * from './paths.js';
export * from './report.js';
