/** Whether a text binds today. Drives ranking (superseded law sinks) and the status line of answers. */
export type DocumentStatus = 'in_force' | 'superseded' | 'expired' | 'unknown';

/** Local plans bind only their locality; national texts bind everywhere. */
export type DocumentKind =
  | 'luat'
  | 'nghi-dinh'
  | 'thong-tu'
  | 'van-ban-hop-nhat'
  | 'nghi-quyet'
  | 'chuong-trinh'
  | 'ke-hoach'
  | 'cong-van'
  | 'quyet-dinh';

export interface DocumentMeta {
  /** Stable id: the file name without extension (seeds) or the catalog id (imported texts). */
  id: string;
  title: string;
  /** How a person quotes the document, e.g. "Luật Hợp tác xã 2023 (17/2023/QH15)". */
  citeAs: string;
  number?: string;
  issuer: string;
  /** ISO date (YYYY-MM-DD), or a year when the source gives no day. */
  issued?: string;
  effective?: string;
  status: DocumentStatus;
  /** One line in Vietnamese for users, e.g. "hết hiệu lực từ 01/7/2024". */
  statusNote?: string;
  /** A warning every answer quoting the text carries: a fact in it that may have changed since. */
  caution?: string;
  /** What the text is about when narrower than co-ops in general ("quỹ"): questions naming none of it are not about it. */
  focus?: string[];
  /** Names that hold a focus word yet are about something else ("quỹ đầu tư phát triển" of a co-op). */
  focusAside?: string[];
  /** "national", or the locality a local plan covers, e.g. "tỉnh Kon Tum". */
  scope: string;
  type: DocumentKind;
  source?: { itemId?: number; url?: string };
}

export interface KnowledgeDocument {
  meta: DocumentMeta;
  /** Body text, Unicode NFC, one paragraph a line. */
  text: string;
}

/** The unit of retrieval: an article, a clause group of a long article, or a section of a plan. */
export interface Passage {
  /** Unique and stable across rebuilds: `${docId}#${anchor}`. */
  id: string;
  docId: string;
  /** Headings above the passage, outermost first, e.g. ["Chương III", "Mục 1", "Điều 30. …"]. */
  headingPath: string[];
  /** A citation a person can quote. */
  citation: string;
  /** The whole passage, heading line included. */
  text: string;
  status: DocumentStatus;
  scope: string;
  /** Article number for legal texts: lets flows cite "Điều 30" and find it. */
  article?: number;
}
