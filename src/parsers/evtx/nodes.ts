// What the Binary XML of a record is parsed into (../shared/docs/evtx.md §1.5-1.6): a small tree in which
// template bodies keep their substitution placeholders and template instances carry their decoded values.
// Template bodies are parsed once per chunk and shared by every record that instantiates them.

export const ELEMENT = 1;
export const TEXT = 2;
export const SUBSTITUTION = 3;
export const CHAR_REF = 4;
export const ENTITY_REF = 5;
export const CDATA = 6;
export const PI = 7;
export const INSTANCE = 8;

export interface ElementNode {
  k: typeof ELEMENT;
  name: string;
  attrs: AttributeNode[];
  children: XmlNode[];
  /** The substitutions among the direct children: they decide whether the element is dropped or repeated. */
  subs: SubstitutionNode[] | null;
}

export interface AttributeNode {
  name: string;
  /** Text, substitution, character and entity references, concatenated. */
  parts: XmlNode[];
}

export interface TextNode {
  k: typeof TEXT;
  text: string;
}

export interface SubstitutionNode {
  k: typeof SUBSTITUTION;
  index: number;
  /** Optional substitution (0x0E): a NULL value drops the element or attribute that holds it. */
  optional: boolean;
  /** The type the template declares; the instance descriptor's type is the one used to decode. */
  type: number;
}

export interface CharRefNode {
  k: typeof CHAR_REF;
  code: number;
}

export interface EntityRefNode {
  k: typeof ENTITY_REF;
  name: string;
}

export interface CDataNode {
  k: typeof CDATA;
  text: string;
}

export interface PINode {
  k: typeof PI;
  target: string;
  data: string;
}

export interface InstanceNode {
  k: typeof INSTANCE;
  template: TemplateDefinition;
  values: Value[];
}

export type XmlNode = ElementNode | TextNode | SubstitutionNode | CharRefNode | EntityRefNode | CDataNode | PINode | InstanceNode;

export interface TemplateDefinition {
  /** Chunk-relative offset: the cache key (the same GUID can sit at other offsets, §1.6). */
  offset: number;
  guid: string;
  body: XmlNode[];
}

/** A nested Binary XML value (type 0x21), spliced where its substitution stands. */
export interface NestedXml {
  nodes: XmlNode[];
}

/**
 * A decoded substitution value: `null` for NULL (or size 0), its text for scalar types, one text per item
 * for arrays (each repeats the element that holds it), or a nested fragment.
 */
export type Value = null | string | string[] | NestedXml;
