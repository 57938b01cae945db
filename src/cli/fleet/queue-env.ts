// Imported before BullMQ by every queue module: msgpackr (which BullMQ uses to pack job options) reads this when it
// loads and would otherwise load its optional native accelerator. The project takes no native modules, and msgpackr's
// JavaScript path packs the same bytes.
process.env.MSGPACKR_NATIVE_ACCELERATION_DISABLED ??= 'true';

export {};
