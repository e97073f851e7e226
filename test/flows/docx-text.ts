import { strFromU8, unzipSync } from 'fflate';

const decode = (text: string) =>
  text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

const runsOf = (xml: string) => decode([...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''));

/**
 * The text of a .docx file as a reader sees it, opened the way Word does (a zip holding
 * word/document.xml): one line a paragraph, a table row as its cells joined by " | ".
 */
export function docxText(bytes: Uint8Array): string {
  const document = unzipSync(bytes)['word/document.xml'];
  if (!document) throw new Error('not a Word document: no word/document.xml');
  const xml = strFromU8(document).replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, (table) => {
    const rows = [...table.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((row) =>
      [...row[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((cell) => runsOf(cell[0])).join(' | '),
    );
    return `<w:p><w:r><w:t>${rows.join('\n').replace(/&/g, '&amp;').replace(/</g, '&lt;')}</w:t></w:r></w:p>`;
  });
  return xml
    .split('</w:p>')
    .map(runsOf)
    .filter((line) => line !== '')
    .join('\n');
}
