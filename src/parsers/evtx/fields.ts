// Walking a record's XML to collect what becomes its fields: System values by name, EventData as `<Data Name=…>`
// (or position), UserData and other sections flattened to leaf elements and attributes.
import { ENTITIES, type XmlSink } from './template.js';

/** Position names of unnamed `<Data>`, made once. */
const POSITIONS: string[] = Array.from({ length: 64 }, (_, i) => String(i));

const SECTION_NONE = 0;
const SECTION_SYSTEM = 1;
const SECTION_EVENT_DATA = 2;
/** UserData and any other section: leaf elements are flattened by name. */
const SECTION_OTHER = 3;

/** Collects the System values into `fields` and the event data into names/values while a record is walked. */
export class FieldCollector implements XmlSink {
  private depth = 0;
  private section = SECTION_NONE;
  private element = '';
  private buf = '';
  private dataName: string | undefined;
  /** Per depth: whether the element there has child elements (UserData flattening keeps leaves only). */
  private readonly hasChild: boolean[] = [];
  private unnamed = 0;
  /** The element last opened had attributes (UserData). */
  private hasAttributes = false;

  fields: Record<string, string> = {};
  timeCreated: string | undefined;
  levelValue: string | undefined;
  readonly names: string[] = [];
  readonly values: string[] = [];
  /** Whether names[i] is a position (unnamed `<Data>`): the message then shows the value alone. */
  readonly positional: boolean[] = [];

  /** The depth of the element the walk is in (0: outside the root), for splicing a nested fragment's plan (field-plan.ts). */
  get elementDepth(): number {
    return this.depth;
  }

  reset(): void {
    this.depth = 0;
    this.section = SECTION_NONE;
    this.unnamed = 0;
    this.fields = {};
    this.timeCreated = undefined;
    this.levelValue = undefined;
    this.names.length = 0;
    this.values.length = 0;
    this.positional.length = 0;
  }

  open(name: string): void {
    const depth = ++this.depth;
    if (depth > 1) this.hasChild[depth - 1] = true;
    this.hasChild[depth] = false;
    if (depth === 2) {
      this.section = name === 'System' ? SECTION_SYSTEM : name === 'EventData' ? SECTION_EVENT_DATA : name === 'RenderingInfo' ? SECTION_NONE : SECTION_OTHER;
    } else if (depth >= 3) {
      this.element = name;
      this.buf = '';
      this.hasAttributes = false;
      if (depth === 3) this.dataName = undefined;
    }
  }

  attribute(name: string, value: string): void {
    if (this.depth !== 3) {
      if (this.depth > 3 && this.section === SECTION_OTHER && name !== 'xmlns') this.attributeData(name, value);
      return;
    }
    if (this.section === SECTION_SYSTEM) {
      const f = this.fields;
      switch (this.element) {
        case 'Provider':
          if (name === 'Name') f.provider = value;
          else if (name === 'Guid') f.providerGuid = value;
          else if (name === 'EventSourceName') f.eventSourceName = value;
          break;
        case 'EventID':
          if (name === 'Qualifiers') f.qualifiers = value;
          break;
        case 'TimeCreated':
          if (name === 'SystemTime') this.timeCreated = value;
          break;
        case 'Correlation':
          if (name === 'ActivityID') f.activityId = value;
          else if (name === 'RelatedActivityID') f.relatedActivityId = value;
          break;
        case 'Execution':
          if (name === 'ProcessID') f.processId = value;
          else if (name === 'ThreadID') f.threadId = value;
          break;
        case 'Security':
          if (name === 'UserID') f.userId = value;
          break;
      }
    } else if (this.section === SECTION_EVENT_DATA) {
      if (name === 'Name') this.dataName = value;
    }
  }

  /** UserData attributes below the provider's wrapper element (`<Result value="0"/>`) become `data.<Element>.<attribute>`. */
  private attributeData(name: string, value: string): void {
    this.names.push(this.element + '.' + name);
    this.values.push(value);
    this.positional.push(false);
    this.hasAttributes = true;
  }

  openEnd(): void {}

  text(text: string): void {
    if (this.depth >= 3) this.buf += text;
  }

  entity(name: string): void {
    if (this.depth >= 3) this.buf += ENTITIES[name] ?? `&${name};`;
  }

  charRef(code: number): void {
    if (this.depth >= 3) this.buf += String.fromCharCode(code);
  }

  cdata(text: string): void {
    if (this.depth >= 3) this.buf += text;
  }

  pi(): void {}

  close(name: string): void {
    const depth = this.depth--;
    if (depth < 3) {
      if (depth === 2) this.section = SECTION_NONE;
      return;
    }
    switch (this.section) {
      case SECTION_SYSTEM:
        if (depth === 3) this.systemText(name, this.buf);
        break;
      case SECTION_EVENT_DATA:
        if (depth === 3) {
          if (name !== 'Data') this.data(name, false);
          else if (this.dataName !== undefined) this.data(this.dataName, false);
          else {
            const n = this.unnamed++;
            this.data(POSITIONS[n] ?? String(n), true);
          }
        }
        break;
      case SECTION_OTHER:
        // Leaf elements only; an empty one that had attributes already gave them.
        if (!this.hasChild[depth] && !(this.buf === '' && this.hasAttributes)) this.data(name, false);
        break;
    }
    this.buf = '';
  }

  private data(name: string, positional: boolean): void {
    this.names.push(name);
    this.values.push(this.buf);
    this.positional.push(positional);
  }

  private systemText(name: string, text: string): void {
    const f = this.fields;
    switch (name) {
      case 'EventID':
        f.eventId = text;
        break;
      case 'Version':
        f.version = text;
        break;
      case 'Level':
        f.levelValue = text;
        this.levelValue = text;
        break;
      case 'Task':
        f.task = text;
        break;
      case 'Opcode':
        f.opcode = text;
        break;
      case 'Keywords':
        f.keywords = text;
        break;
      case 'EventRecordID':
        f.recordId = text;
        break;
      case 'Channel':
        f.channel = text;
        break;
      case 'Computer':
        f.computer = text;
        break;
    }
  }
}
