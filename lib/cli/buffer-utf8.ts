import type { Utf8Writer } from "../engine/parallel/segment-validator.ts";

/** Buffer's own UTF-8 writer, without its argument checks (it works on any Uint8Array). */
const bufferUtf8Write = (Buffer.prototype as unknown as { utf8Write(this: Uint8Array, text: string, offset: number): number }).utf8Write;

/** A block's problems written as UTF-8 by Node's Buffer writer (faster than TextEncoder's encodeInto a problem at a time). */
export const bufferUtf8Writer: Utf8Writer = (text, into, at) => bufferUtf8Write.call(into, text, at);
