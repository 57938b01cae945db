// src/ingest/limits.ts (shared with the browser for its limits and messages) names Node's Buffer in one
// signature, Limits.guard, which the browser never calls (web/src/ingest/codec.ts counts with
// Limits.count). For the web type-check a Buffer is just a Uint8Array; nothing at run time uses it.
type Buffer = Uint8Array;
