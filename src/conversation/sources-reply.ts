import type { DocumentStatus } from '../knowledge/types.ts';
import { sourceTexts } from './messages.ts';
import type { Reply, SourceListing } from './types.ts';

type ListedDocument = SourceListing['documents'][number];

const statusLabels: Record<DocumentStatus, string> = {
  in_force: 'còn hiệu lực',
  superseded: 'đã được thay thế',
  expired: 'hết hiệu lực',
  unknown: 'chưa rõ hiệu lực',
};

/**
 * What "/nguon" shows: every document in one line (how it is cited and whether it is in force),
 * numbered, national and local texts apart (a local plan binds only its locality), one short reply
 * each; "/nguon 3" shows document 3 in full. The numbers follow the listing's order.
 */
export function sourcesReplies(listing: SourceListing, detail?: number): Reply[] {
  const national = listing.documents.filter((d) => d.scope === 'national');
  const local = listing.documents.filter((d) => d.scope !== 'national');
  const ordered = [...national, ...local];
  if (detail !== undefined) {
    const doc = ordered[detail - 1];
    return [{ text: doc ? describeDocument(doc) : sourceTexts.noSuchDocument(ordered.length) }];
  }
  const replies: Reply[] = [];
  if (listing.documents.length === 0) replies.push({ text: sourceTexts.none });
  const line = (doc: ListedDocument) => `${ordered.indexOf(doc) + 1}. ${doc.citeAs} — ${statusLabels[doc.status]}`;
  if (national.length > 0) replies.push({ text: [sourceTexts.national(national.length), ...national.map(line)].join('\n') });
  if (local.length > 0) replies.push({ text: [sourceTexts.local(local.length), ...local.map(line)].join('\n') });
  if (ordered.length > 0) {
    const last = replies[replies.length - 1] as Reply;
    last.text = `${last.text}\n\n${sourceTexts.details}`;
  }
  if (!listing.nationalTextsImported) replies.push({ text: sourceTexts.notImported });
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
