// The labels of Event Viewer's "Copy details as text" block in the languages our customers use. The block is always
// in this order (a label Windows has nothing for may be left out):
//   Log Name / Source / Date / Event ID / Task Category / Level / Keywords / User / Computer / Description
// followed by the message and, since Vista, `Event Xml:` and the event's XML. Labels are padded with spaces to one
// column; a label longer than the column is followed directly by its value (`Aufgabenkategorie:Integrität`).
// French writes a space before the colon (`Nom du journal :`). Where the words of a language were seen:
//   en: Event Viewer pastes in many public issues; de: pasted German events (a blog, Microsoft docs); fr, es, it,
//   pt-BR, pt-PT: Microsoft docs in those languages (SQL Server and Azure troubleshooting articles) and pasted
//   French CSV headers; ja, zh-CN, zh-TW: pastes from Event Viewer in Japanese and Chinese (blogs, a support blog).
// A label that is none of these is mapped by its place in the block (`BLOCK_ORDER`).

export type BlockKey = 'channel' | 'provider' | 'date' | 'eventId' | 'taskName' | 'levelName' | 'keywordNames' | 'userId' | 'computer' | 'opcodeName' | 'description';

/** The keys in the block's order; `opcodeName` (the General tab's `OpCode:`) is never in a copied block. */
export const BLOCK_ORDER: BlockKey[] = ['channel', 'provider', 'date', 'eventId', 'taskName', 'levelName', 'keywordNames', 'userId', 'computer', 'description'];

const WORDS: Record<BlockKey, string[]> = {
  channel: ['Log Name', 'Protokollname', 'Nom du journal', 'Nombre de registro', 'Nome registro', 'Nome del registro', 'Nome do log', 'Nome do registo', 'ログの名前', '日志名称', '記錄檔名稱'],
  provider: ['Source', 'Quelle', 'Origen', 'Origine', 'Fonte', 'Origem', 'ソース', '来源', '來源'],
  date: ['Date', 'Datum', 'Fecha', 'Data', '日付', '日期'],
  eventId: ['Event ID', 'Ereignis-ID', "ID de l'événement", "ID d'événement", 'Id. del evento', 'Id. de evento', 'ID evento', 'ID do evento', 'Identificação do evento', 'イベント ID', '事件 ID', '事件識別碼'],
  taskName: ['Task Category', 'Task', 'Aufgabenkategorie', 'Taskkategorie', 'Catégorie de la tâche', 'Catégorie de tâche', 'Categoría de la tarea', 'Categoría de tarea', 'Categoria attività', 'Categoria da tarefa', 'Categoria de tarefa', 'タスクのカテゴリ', '任务类别', '工作類別'],
  levelName: ['Level', 'Ebene', 'Niveau', 'Nivel', 'Livello', 'Nível', 'レベル', '级别', '層級'],
  keywordNames: ['Keywords', 'Keyword', 'Schlüsselwörter', 'Mots clés', 'Mots-clés', 'Palabras clave', 'Parole chiave', 'Palavras-chave', 'キーワード', '关键字', '關鍵字'],
  userId: ['User', 'Benutzer', 'Utilisateur', 'Usuario', 'Utente', 'Usuário', 'Utilizador', 'ユーザー', '用户', '使用者'],
  computer: ['Computer', 'Ordinateur', 'Equipo', 'Computador', 'コンピューター', '计算机', '電腦'],
  opcodeName: ['OpCode', 'Opcode'],
  description: ['Description', 'Beschreibung', 'Descripción', 'Descrizione', 'Descrição', '説明', '描述'],
};

/** Lower case, no blanks, dots, hyphens or apostrophes: `Id. del evento` and `ID de l’événement` compare loosely. */
export function labelKey(label: string): string {
  return label.toLowerCase().replace(/[\s.\-'’`]/g, '');
}

const BY_LABEL = new Map<string, BlockKey>(
  (Object.entries(WORDS) as [BlockKey, string[]][]).flatMap(([key, words]) => words.map((w) => [labelKey(w), key] as const)),
);

/** The block key a (localised) label names, or undefined. */
export function blockKey(label: string): BlockKey | undefined {
  return BY_LABEL.get(labelKey(label));
}

/** `Label: value` / `Label : value` / `Label:value` / `ラベル：値`. The label never holds a colon; the value may. */
const RE_LABEL_LINE = /^([^\s:：<>[\]{}()=|\\/"][^:：<>[\]{}()=|\\/"]{0,40}?)\s*[:：][ \t\u00a0]*(.*)$/;

export interface LabelLine {
  label: string;
  value: string;
  key: BlockKey | undefined;
}

/**
 * A `Label: value` line of a details block (leading `> ` quote marks of a pasted message dropped), or undefined. A
 * label is at most five words with no digits, so that ordinary log lines (`ValueError: bad`) rarely pass for one
 * unless they name a known label.
 */
export function labelLine(line: string): LabelLine | undefined {
  const text = line.charCodeAt(0) === 62 /* > */ ? line.replace(/^(?:>\s?)+/, '') : line;
  const m = RE_LABEL_LINE.exec(text);
  if (!m) return undefined;
  const label = m[1]!.trimEnd();
  const key = blockKey(label);
  if (key === undefined && (/\d/.test(label) || label.split(/\s+/).length > 5)) return undefined;
  return { label, value: m[2]!.trimEnd(), key };
}

/** True for the label of the XML part (`Event Xml:`, `イベント XML:`, `事件 Xml:`, …): a label naming XML, no value. */
export function isXmlLabel(line: string): boolean {
  const l = labelLine(line);
  return l !== undefined && l.value === '' && /xml/i.test(l.label);
}

/** Values that mean "not available" in the languages above. */
export const NOTHING = new Set(['N/A', 'n/a', 'N/V', 'N/D', 'Н/Д', '暂缺', '不適用', 'Nicht zutreffend', 'Non applicable', 'No aplicable', 'Não aplicável']);
