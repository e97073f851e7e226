import type { DocumentStatus } from '../knowledge/types.ts';
import type { Reply, SourceListing } from './types.ts';

type ListedDocument = SourceListing['documents'][number];

const statusLabels: Record<DocumentStatus, string> = {
  in_force: 'còn hiệu lực',
  superseded: 'đã được thay thế',
  expired: 'hết hiệu lực',
  unknown: 'chưa rõ hiệu lực',
};

/** National and local texts apart (a local plan binds only its locality); one reply each keeps messages short. */
export function sourcesReplies(listing: SourceListing): Reply[] {
  const national = listing.documents.filter((d) => d.scope === 'national');
  const local = listing.documents.filter((d) => d.scope !== 'national');
  const replies: Reply[] = [];
  if (listing.documents.length === 0) replies.push({ text: 'Hiện mình chưa có văn bản nào để trả lời.' });
  if (national.length > 0) {
    replies.push({ text: [`**Văn bản trung ương (${national.length})**`, ...national.map(describeDocument)].join('\n') });
  }
  if (local.length > 0) {
    replies.push({
      text: [
        `**Văn bản địa phương (${local.length})** — chỉ áp dụng tại địa phương ban hành`,
        ...local.map(describeDocument),
      ].join('\n'),
    });
  }
  if (!listing.nationalTextsImported) {
    replies.push({
      text:
        '⚠️ Các văn bản trung ương (Luật Hợp tác xã, nghị định, thông tư hướng dẫn) chưa được nạp, ' +
        'nên mình chưa trả lời được theo các văn bản này. ' +
        'Người quản trị nạp bằng lệnh: npm run knowledge -- import (xem README).',
    });
  }
  return replies;
}

function describeDocument(doc: ListedDocument): string {
  const lines = [`• **${doc.citeAs}**`];
  if (!contains(doc.citeAs, doc.title)) lines.push(doc.title);
  const facts = [
    doc.number && !contains(doc.citeAs, doc.number) ? `Số: ${doc.number}` : undefined,
    doc.issued ? `Ban hành: ${formatDate(doc.issued)}` : undefined,
    doc.effective ? `Hiệu lực từ: ${formatDate(doc.effective)}` : undefined,
  ].filter((fact): fact is string => fact !== undefined);
  if (facts.length > 0) lines.push(facts.join(' · '));
  lines.push(`Tình trạng: ${describeStatus(doc)}`);
  lines.push(`Phạm vi: ${doc.scope === 'national' ? 'toàn quốc' : doc.scope}`);
  return lines.join('\n');
}

/** A note that already starts with the status ("còn hiệu lực (từ 01/7/2024)") replaces the label. */
function describeStatus(doc: ListedDocument): string {
  const label = statusLabels[doc.status];
  if (!doc.statusNote) return label;
  return doc.statusNote.toLowerCase().startsWith(label) ? doc.statusNote : `${label} — ${doc.statusNote}`;
}

/** ISO dates as Vietnamese readers write them; a bare year or month stays as precise as the source. */
function formatDate(iso: string): string {
  const [year, month, day] = iso.split('-');
  if (day && month) return `${day}/${month}/${year}`;
  if (month) return `${month}/${year}`;
  return iso;
}

function contains(haystack: string, needle: string): boolean {
  return haystack.toLowerCase().includes(needle.toLowerCase());
}
