import type { DocumentMeta, DocumentStatus, Passage } from '../knowledge/types.ts';
import type { Citation } from './types.ts';

const NATIONAL = 'national';

export const STATUS_FOR_USER: Record<DocumentStatus, string> = {
  in_force: 'còn hiệu lực',
  superseded: 'đã hết hiệu lực, đã được thay thế',
  expired: 'đã hết thời hạn áp dụng',
  unknown: 'chưa xác minh hiệu lực',
};

/** What a user must know before relying on a passage: superseded, local only, status unverified. */
export function cautionsFor(passage: Passage, meta?: DocumentMeta): string[] {
  const notes: string[] = [];
  if (passage.status === 'superseded') {
    notes.push(`⚠️ Văn bản này ${meta?.statusNote ?? STATUS_FOR_USER.superseded}: chỉ để tham khảo, không còn áp dụng.`);
  } else if (passage.status === 'unknown') {
    notes.push('⚠️ Hiệu lực hiện nay của văn bản này chưa được xác minh: nên kiểm tra lại trước khi áp dụng.');
  }
  if (meta?.caution) notes.push(`⚠️ ${meta.caution}`);
  if (passage.scope !== NATIONAL) {
    notes.push(`📍 Đây là văn bản của địa phương, chỉ áp dụng tại ${passage.scope}.`);
  }
  return notes;
}

/** "còn hiệu lực" or the document's own status line ("hết hiệu lực từ 01/7/2024, …"). */
export function statusOf(passage: Passage, meta?: DocumentMeta): string {
  return meta?.statusNote ?? STATUS_FOR_USER[passage.status];
}

export function citationOf(passage: Passage, meta: DocumentMeta | undefined, citation = passage.citation): Citation {
  return { docId: passage.docId, citation, status: passage.status, statusNote: statusOf(passage, meta) };
}
