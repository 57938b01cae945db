// The text report's widths, apart from its renderer: the CLI checks --width before it loads the renderer (and never
// loads it for the other formats).
/** Narrower than this, paths and titles would break every few characters. */
export const MIN_WIDTH = 40;
export const DEFAULT_WIDTH = 80;
