// Recognising the header row of an event CSV (csv.ts): Event Viewer's five columns, read by place, whose names are
// localised (the known translations help sniffing only), or PowerShell's Get-WinEvent property names, read by name.
import { looksLikeEventRecord } from './powershell.js';

// Event Viewer's five column names by place, in English and the common display languages (the translations are a
// help for sniffing only: columns are read by place).
const EV_NAMES: string[][] = [
  [
    'level', 'niveau', 'ebene', 'nivel', 'livello', 'nível', 'уровень', 'poziom', 'düzey', 'nivå', 'taso', 'szint',
    'úroveň', 'レベル', '级别', '級別', '수준',
    'keywords', 'mots clés', 'mots-clés', 'schlüsselwörter', 'palabras clave', 'parole chiave', 'palavras-chave',
    'trefwoorden', 'ключевые слова', 'słowa kluczowe', 'anahtar sözcükler', 'nyckelord', 'キーワード', '关键字',
    '關鍵字', '키워드',
  ],
  [
    'date and time', 'date et heure', 'datum und uhrzeit', 'fecha y hora', 'data e ora', 'data e hora', 'datum en tijd',
    'дата и время', 'data i godzina', 'tarih ve saat', 'datum och tid', 'päivämäärä ja aika', 'dátum és idő',
    'datum a čas', '日付と時刻', '日期和时间', '日期和時間', '날짜 및 시간',
  ],
  ['source', 'quelle', 'origen', 'origine', 'fonte', 'bron', 'источник', 'źródło', 'kaynak', 'källa', 'lähde', 'forrás', 'zdroj', 'ソース', '来源', '來源', '원본'],
  [
    'event id', 'id de l’événement', "id de l'événement", 'id de l’évènement', 'ereignis-id', 'id. del evento', 'id evento',
    'identificação do evento', 'id do evento', 'gebeurtenis-id', 'код события', 'identyfikator zdarzenia', 'olay kimliği',
    'händelse-id', 'tapahtumatunnus', 'eseményazonosító', 'id události', 'イベント id', '事件 id', '이벤트 id',
  ],
  [
    'task category', 'catégorie de la tâche', 'catégorie de tâche', 'aufgabenkategorie', 'categoría de la tarea',
    'categoria attività', 'categoria da tarefa', 'taakcategorie', 'категория задачи', 'kategoria zadania',
    'görev kategorisi', 'aktivitetskategori', 'tehtäväluokka', 'feladatkategória', 'kategorie úlohy', 'タスクのカテゴリ',
    '任务类别', '工作類別', '작업 범주',
  ],
];
const EV_SETS = EV_NAMES.map((names) => new Set(names));
const KEYWORD_HEADERS = new Set(EV_NAMES[0]!.slice(EV_NAMES[0]!.indexOf('keywords')));

export type Header = { kind: 'eventviewer'; keywordsFirst: boolean } | { kind: 'powershell'; columns: Map<string, number> };

/** A header name as compared: trimmed, lower case, inner whitespace as one space. */
export const norm = (s: string): string => s.trim().toLowerCase().replace(/\s+/g, ' ');

/** How many of a 5-name header's names are Event Viewer's (by place). */
export function eventViewerNames(cells: string[]): number {
  let known = 0;
  cells.slice(0, 5).forEach((c, i) => {
    if (EV_SETS[i]!.has(norm(c))) known++;
  });
  return known;
}

/** Event Viewer's header: 5 names (and an empty 6th when the line ends with a delimiter). */
export function eventViewerShape(cells: string[]): boolean {
  return cells.length === 5 || (cells.length === 6 && cells[5]!.trim() === '');
}

/** Recognises a header row; `lenient` takes any 5-column row as Event Viewer's (the file was sniffed as one). */
export function readHeader(cells: string[], lenient: boolean): Header | undefined {
  const names = cells.map(norm);
  if (looksLikeEventRecord(names)) {
    const columns = new Map<string, number>();
    names.forEach((n, i) => {
      if (!columns.has(n)) columns.set(n, i);
    });
    return { kind: 'powershell', columns };
  }
  if (eventViewerShape(cells) && (lenient || eventViewerNames(cells) >= 2)) {
    return { kind: 'eventviewer', keywordsFirst: KEYWORD_HEADERS.has(names[0]!) };
  }
  return undefined;
}
