// The Binary XML token reader (../shared/docs/evtx.md §1.5-1.6): turns a record's bytes into nodes, with
// names and template definitions resolved through chunk-relative offsets and cached per chunk.
import {
  CDATA, CHAR_REF, ELEMENT, ENTITY_REF, INSTANCE, PI, SUBSTITUTION, TEXT,
  type AttributeNode, type ElementNode, type SubstitutionNode, type TemplateDefinition, type Value, type XmlNode,
} from './nodes.js';
import { decodeValue, guid, T_BINXML, utf16 } from './values.js';

/** Nested Binary XML values inside values: real files go two deep; this stops a hostile loop. */
const MAX_NESTING = 12;
const MAX_ELEMENT_DEPTH = 128;
const MAX_VALUES = 4096;

export class BinXmlError extends Error {}

/** Internalized copies of the names met so far (bounded: crafted files can hold any number of names). */
const INTERNED = new Map<string, string>();
const MAX_INTERNED = 10000;
/**
 * Longest name kept: the names records share are short ('EventData', 'TargetUserName'); a chunk can hold a name of
 * 32K characters, and 10,000 of those kept for the life of the process would be hundreds of megabytes.
 */
export const MAX_INTERNED_NAME_CHARS = 256;

/**
 * The engine's own copy of an element or attribute name, the one its literals share: every record compares names
 * with literals ('System', 'Provider', 'Name'…) and uses them as keys, which is a pointer check for such a copy and
 * a character loop for a string freshly decoded (a new one in every chunk). A property key is internalized.
 */
export function interned(name: string): string {
  let copy = INTERNED.get(name);
  if (copy === undefined) {
    copy = Object.keys({ [name]: 0 })[0]!;
    if (INTERNED.size < MAX_INTERNED && name.length <= MAX_INTERNED_NAME_CHARS) INTERNED.set(name, copy);
  }
  return copy;
}

/** Characters held by the interned names (for tests of the bound). */
export function internedNameChars(): number {
  let n = 0;
  for (const name of INTERNED.keys()) n += name.length;
  return n;
}

/** One chunk's bytes and its caches: names and template definitions by chunk-relative offset. */
export class ChunkContext {
  readonly view: DataView;
  readonly names = new Map<number, string>();
  readonly templates = new Map<number, TemplateDefinition>();
  /** Definitions that could not be read, with why: every record that refers to one fails without reading it again. */
  readonly badTemplates = new Map<number, string>();

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
}

/** Reads Binary XML streams of one chunk. Offsets are chunk-relative throughout. */
export class BinXmlReader {
  private pos = 0;
  private end = 0;
  private nesting = 0;
  private depth = 0;
  /** Offsets of the templates whose definition or instance values are being read (a crafted value can refer back). */
  private readonly expanding: number[] = [];
  private readonly bytes: Uint8Array;
  private readonly view: DataView;

  constructor(private readonly chunk: ChunkContext) {
    this.bytes = chunk.bytes;
    this.view = chunk.view;
  }

  /** The nodes of the stream `[start, end)`: a record's event data or a nested value. */
  read(start: number, end: number): XmlNode[] {
    this.nesting = 0;
    this.depth = 0;
    this.expanding.length = 0;
    return this.stream(start, end, false);
  }

  private fail(what: string): never {
    throw new BinXmlError(`${what} at chunk offset 0x${this.pos.toString(16)}`);
  }

  private need(n: number): void {
    if (this.pos + n > this.end) this.fail(`data ends inside a token (${n} bytes needed)`);
  }

  private u8(): number {
    this.need(1);
    return this.bytes[this.pos++]!;
  }

  private u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }

  private u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  /** A top-level stream: fragment headers, template instances, elements, processing instructions. */
  private stream(start: number, end: number, inTemplate: boolean): XmlNode[] {
    const savedPos = this.pos;
    const savedEnd = this.end;
    this.pos = start;
    this.end = end;
    const nodes: XmlNode[] = [];
    while (this.pos < this.end) {
      const token = this.bytes[this.pos]!;
      if (token === 0x00) break;
      if (token === 0x0f) {
        this.need(4);
        this.pos += 4;
      } else if (token === 0x0c) nodes.push(this.instance());
      else this.content(token, nodes, inTemplate, true);
    }
    this.pos = savedPos;
    this.end = savedEnd;
    return nodes;
  }

  /** Reads one content token into `out`; returns false at an end-element token (consumed). */
  private content(token: number, out: XmlNode[], inTemplate: boolean, topLevel: boolean): boolean {
    switch (token & 0xbf) {
      case 0x01:
        out.push(this.element(token, inTemplate));
        return true;
      case 0x04:
        if (topLevel) this.fail('end element outside an element');
        this.pos++;
        return false;
      case 0x05:
        out.push({ k: TEXT, text: this.valueText() });
        return true;
      case 0x07:
        this.pos++;
        out.push({ k: CDATA, text: this.counted() });
        return true;
      case 0x08:
        this.pos++;
        out.push({ k: CHAR_REF, code: this.u16() });
        return true;
      case 0x09:
        this.pos++;
        out.push({ k: ENTITY_REF, name: this.name(this.u32()) });
        return true;
      case 0x0a: {
        this.pos++;
        const target = this.name(this.u32());
        let data = '';
        if (this.pos < this.end && this.bytes[this.pos] === 0x0b) {
          this.pos++;
          data = this.counted();
        }
        out.push({ k: PI, target, data });
        return true;
      }
      case 0x0c:
        out.push(this.instance());
        return true;
      case 0x0d:
      case 0x0e:
        out.push(this.substitution());
        return true;
      default:
        return this.fail(`unknown Binary XML token 0x${token.toString(16).padStart(2, '0')}`);
    }
  }

  /** A name by chunk offset; when the offset is where we stand, the name is stored inline and skipped. */
  private name(offset: number): string {
    const inline = offset === this.pos;
    let name = this.chunk.names.get(offset);
    if (name === undefined || inline) {
      if (offset + 8 > this.bytes.length) this.fail(`name offset 0x${offset.toString(16)} outside the chunk`);
      const chars = this.view.getUint16(offset + 6, true);
      if (offset + 8 + 2 * chars > this.bytes.length) this.fail(`name at 0x${offset.toString(16)} runs past the chunk`);
      if (name === undefined) {
        name = interned(utf16(this.bytes, offset + 8, chars));
        this.chunk.names.set(offset, name);
      }
      if (inline) {
        this.pos = offset + 8 + 2 * chars + 2;
        if (this.pos > this.end) this.fail('inline name runs past the data');
      }
    }
    return name;
  }

  /** `u16 count` + UTF-16LE text (CDATA, PI data). */
  private counted(): string {
    const chars = this.u16();
    this.need(2 * chars);
    const text = utf16(this.bytes, this.pos, chars);
    this.pos += 2 * chars;
    return text;
  }

  /** A Value token: `u8 type` then, for strings, `u16 count` + UTF-16LE. */
  private valueText(): string {
    this.pos++;
    const type = this.u8();
    if (type === 0x01) return this.counted();
    // Other types carry no size in this position (§1.7); only a counted string is readable.
    return this.fail(`value token of type 0x${type.toString(16)}`);
  }

  private substitution(): SubstitutionNode {
    const optional = this.bytes[this.pos] === 0x0e;
    this.pos++;
    const index = this.u16();
    const type = this.u8();
    return { k: SUBSTITUTION, index, optional, type };
  }

  private element(token: number, inTemplate: boolean): ElementNode {
    if (++this.depth > MAX_ELEMENT_DEPTH) this.fail('elements nested too deep');
    this.pos++;
    // The dependency id is there in template bodies only (§1.5).
    if (inTemplate) this.u16();
    this.u32(); // data size
    const name = this.name(this.u32());
    if (token & 0x40) this.u32(); // attribute list size
    const attrs: AttributeNode[] = [];
    while (this.pos < this.end && (this.bytes[this.pos]! & 0xbf) === 0x06) {
      this.pos++;
      attrs.push({ name: this.name(this.u32()), parts: this.attributeValue() });
    }
    const close = this.u8();
    const children: XmlNode[] = [];
    if (close === 0x02) {
      for (;;) {
        if (this.pos >= this.end) this.fail(`element <${name}> not closed`);
        const t = this.bytes[this.pos]!;
        if (t === 0x00) this.fail(`element <${name}> not closed`);
        if (!this.content(t, children, inTemplate, false)) break;
      }
    } else if (close !== 0x03) {
      this.pos--;
      this.fail(`unexpected token 0x${close.toString(16)} after the attributes of <${name}>`);
    }
    this.depth--;
    let subs: SubstitutionNode[] | null = null;
    for (const child of children) if (child.k === SUBSTITUTION) (subs ??= []).push(child);
    return { k: ELEMENT, name, attrs, children, subs };
  }

  private attributeValue(): XmlNode[] {
    const parts: XmlNode[] = [];
    while (this.pos < this.end) {
      const t = this.bytes[this.pos]! & 0xbf;
      if (t === 0x05) parts.push({ k: TEXT, text: this.valueText() });
      else if (t === 0x0d || t === 0x0e) parts.push(this.substitution());
      else if (t === 0x08) {
        this.pos++;
        parts.push({ k: CHAR_REF, code: this.u16() });
      } else if (t === 0x09) {
        this.pos++;
        parts.push({ k: ENTITY_REF, name: this.name(this.u32()) });
      } else break;
    }
    return parts;
  }

  /** A template instance: the definition (inline the first time, by offset after) and its values. */
  private instance(): XmlNode {
    this.need(10);
    this.pos += 6; // token, unknown byte, template id
    const defOffset = this.u32();
    // A value inside an instance of this template, or its own definition, using it again: only crafted files do, and
    // expanding it would repeat the template once per use at every level.
    if (this.expanding.includes(defOffset)) this.fail(`nested Binary XML refers back to the template at 0x${defOffset.toString(16)} being expanded`);
    let template = this.chunk.templates.get(defOffset);
    if (defOffset === this.pos) {
      template ??= this.definition(defOffset);
      this.pos = defOffset + 24 + this.view.getUint32(defOffset + 20, true);
    } else template ??= this.definition(defOffset);
    const count = this.u32();
    if (count > MAX_VALUES) this.fail(`template instance with ${count} values`);
    this.need(4 * count);
    this.expanding.push(defOffset);
    const descriptors = this.pos;
    let p = descriptors + 4 * count;
    const values: Value[] = new Array<Value>(count);
    for (let i = 0; i < count; i++) {
      const size = this.view.getUint16(descriptors + 4 * i, true);
      const type = this.bytes[descriptors + 4 * i + 2]!;
      if (p + size > this.end) {
        this.pos = p;
        this.fail(`value ${i} (${size} bytes) runs past the data`);
      }
      values[i] = type === T_BINXML ? this.nested(p, size) : decodeValue(this.bytes, this.view, type, p, size);
      // Sizes are authoritative (§1.6): the next value starts after this one's declared size.
      p += size;
    }
    this.pos = p;
    this.expanding.pop();
    return { k: INSTANCE, template, values };
  }

  private nested(offset: number, size: number): Value {
    if (size === 0) return null;
    if (++this.nesting > MAX_NESTING) this.fail('nested Binary XML too deep');
    const depth = this.depth;
    const nodes = this.stream(offset, offset + size, false);
    this.depth = depth;
    this.nesting--;
    return { nodes };
  }

  /** A template definition at `offset`: `next u32 | GUID 16 | data size u32`, then the body. */
  private definition(offset: number): TemplateDefinition {
    const bad = this.chunk.badTemplates.get(offset);
    if (bad !== undefined) throw new BinXmlError(bad);
    try {
      return this.readDefinition(offset);
    } catch (error) {
      if (error instanceof BinXmlError) this.chunk.badTemplates.set(offset, error.message);
      throw error;
    }
  }

  private readDefinition(offset: number): TemplateDefinition {
    if (offset < 512 || offset + 24 > this.bytes.length) this.fail(`template offset 0x${offset.toString(16)} outside the chunk`);
    const size = this.view.getUint32(offset + 20, true);
    const bodyEnd = offset + 24 + size;
    if (bodyEnd > this.bytes.length) this.fail(`template at 0x${offset.toString(16)} runs past the chunk`);
    // A definition can only hold instances in a crafted file; the nesting guard stops it referring to itself.
    if (++this.nesting > MAX_NESTING) this.fail('template definitions nested too deep');
    const savedDepth = this.depth;
    this.depth = 0;
    this.expanding.push(offset);
    const body = this.stream(offset + 24, bodyEnd, true);
    this.expanding.pop();
    this.depth = savedDepth;
    this.nesting--;
    const template: TemplateDefinition = { offset, guid: guid(this.bytes, this.view, offset + 4), body };
    this.chunk.templates.set(offset, template);
    return template;
  }
}
