import type { BotCommand } from 'grammy/types';

/** The slash menu Telegram shows; the commands themselves are the core's (see CONTRACT.md). */
export const COMMANDS: BotCommand[] = [
  { command: 'start', description: 'Bắt đầu và xem menu' },
  { command: 'help', description: 'Hướng dẫn sử dụng' },
  { command: 'thanhlap', description: 'Hướng dẫn thành lập hợp tác xã' },
  { command: 'chinhsach', description: 'Tìm chính sách hỗ trợ' },
  { command: 'nguon', description: 'Các văn bản bot đang dùng' },
  { command: 'huy', description: 'Thoát khỏi hướng dẫn đang làm' },
  { command: 'moi', description: 'Xoá lịch sử, bắt đầu cuộc trò chuyện mới' },
];
