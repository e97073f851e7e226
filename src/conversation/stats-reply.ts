import type { StateStore } from './state/state-store.ts';
import type { Reply } from './types.ts';

const RECENT_COMPLAINTS = 3;
const QUESTION_PREVIEW_CHARS = 200;

/** For admins: how much the bot is used, how its answers are rated, and what users found wrong lately. */
export async function statsReply(store: StateStore): Promise<Reply> {
  const [stats, complaints] = await Promise.all([store.stats(), store.recentFeedback('down', RECENT_COMPLAINTS)]);
  const lines = [
    '**Thống kê**',
    `• Người dùng đang lưu trạng thái: ${stats.users}`,
    `• Đánh giá 👍 Hữu ích: ${stats.feedback.up}`,
    `• Đánh giá 👎 Chưa đúng: ${stats.feedback.down}`,
  ];
  if (complaints.length > 0) {
    lines.push('', '**Câu hỏi bị đánh giá chưa đúng gần đây**', ...complaints.map((c) => `• ${preview(c.question)}`));
  }
  return { text: lines.join('\n') };
}

function preview(question: string): string {
  const chars = [...question.replace(/\s+/g, ' ')];
  return chars.length <= QUESTION_PREVIEW_CHARS ? chars.join('') : `${chars.slice(0, QUESTION_PREVIEW_CHARS).join('')}…`;
}
