import type { Reply } from './types.ts';

/** Button labels: a button is pressed by sending its label back, so each must be recognisable. */
export const buttonLabels = {
  founding: '📘 Thành lập HTX',
  policies: '💰 Chính sách hỗ trợ',
  sources: '📚 Nguồn văn bản',
  helpful: '👍 Hữu ích',
  wrong: '👎 Chưa đúng',
  resumeFlow: '▶️ Tiếp tục phần đang dở',
  reviewFlow: '📋 Xem lại kết quả',
  restartFlow: '🔄 Làm lại từ đầu',
  /** Offered when another flow is asked for while one is unfinished. */
  switchFlow: {
    'thanh-lap': '🔀 Sang hướng dẫn thành lập HTX',
    'chinh-sach': '🔀 Sang tìm chính sách hỗ trợ',
  } as Record<string, string>,
} as const;

const menuButtons = [buttonLabels.founding, buttonLabels.policies, buttonLabels.sources];
export const feedbackButtons = [buttonLabels.helpful, buttonLabels.wrong];

const flowTitles: Record<string, string> = {
  'thanh-lap': 'hướng dẫn thành lập HTX',
  'chinh-sach': 'tìm chính sách hỗ trợ',
};

function flowTitle(flowId: string): string {
  return flowTitles[flowId] ?? 'hướng dẫn';
}

export const texts = {
  welcome: [
    'Xin chào! Mình là trợ lý hỏi đáp về **hợp tác xã** (HTX). Mình trả lời theo các văn bản pháp luật và có dẫn nguồn.',
    '',
    'Bạn có thể hỏi trực tiếp, ví dụ: "Thành lập HTX cần ít nhất mấy thành viên?", hoặc chọn:',
    '• /thanhlap — hướng dẫn từng bước thành lập HTX',
    '• /chinhsach — tìm chính sách hỗ trợ phù hợp',
    '• /nguon — các văn bản mình đang dựa vào',
    '• /huy — thoát phần hướng dẫn đang làm',
    '• /moi — xoá cuộc trò chuyện, bắt đầu lại',
  ].join('\n'),
  unknownCommand: 'Mình chưa biết lệnh này. Bạn xem các mục dưới đây nhé.',
  attachment: 'Hiện mình chỉ đọc được câu hỏi bằng chữ. Bạn gõ câu hỏi giúp mình nhé, ví dụ: "Hồ sơ đăng ký HTX gồm những gì?"',
  empty: 'Bạn chưa nhập nội dung. Bạn gõ câu hỏi về hợp tác xã giúp mình nhé.',
  unreadable: 'Mình không đọc được tin nhắn này. Bạn gõ câu hỏi bằng chữ giúp mình nhé.',
  noWords: 'Mình chưa hiểu ý bạn. Bạn gõ câu hỏi bằng chữ giúp mình nhé, ví dụ: "Điều kiện thành lập HTX là gì?"',
  tooLong: (limit: number) =>
    `Tin nhắn dài quá (hơn ${limit.toLocaleString('vi-VN')} ký tự) nên mình chưa xử lý được. Bạn rút gọn thành một câu hỏi ngắn hơn giúp mình nhé. Những gì đang làm dở vẫn được giữ nguyên.`,
  rateLimited: 'Bạn gửi hơi nhanh, mình xin phép tạm dừng một chút. Khoảng một phút nữa bạn gửi lại giúp mình nhé.',
  apology: 'Xin lỗi, mình đang gặp trục trặc nên chưa xử lý được tin nhắn này. Bạn thử lại sau ít phút nhé.',
  flowLeft: (flowId: string) => `Đã thoát phần ${flowTitle(flowId)}. Bạn có thể hỏi tiếp hoặc chọn mục khác.`,
  noActiveFlow: 'Hiện bạn không ở trong phần hướng dẫn nào. Bạn có thể hỏi trực tiếp hoặc chọn một mục.',
  nothingToResume: 'Hiện không có phần nào đang làm dở. Bạn chọn một mục để bắt đầu nhé.',
  flowWaiting: 'Mời bạn trả lời tiếp câu hỏi trước của phần hướng dẫn.',
  flowOfferUnfinished: (flowId: string) =>
    `Bạn đang làm dở phần ${flowTitle(flowId)}. Bạn muốn tiếp tục hay làm lại từ đầu?`,
  flowOfferCompleted: (flowId: string) =>
    `Bạn đã hoàn tất phần ${flowTitle(flowId)}. Bạn muốn xem lại kết quả hay làm lại từ đầu?`,
  flowSwitchOffer: (current: string, wanted: string) =>
    `Bạn đang làm dở phần ${flowTitle(current)}. Bạn muốn làm tiếp phần đó, hay chuyển sang ${flowTitle(wanted)}? Chuyển sang thì phần đang làm dở sẽ bỏ.`,
  greeting: 'Chào bạn! Mình trả lời các câu hỏi về tổ hợp tác, hợp tác xã theo luật và có dẫn nguồn. Bạn cứ hỏi, ví dụ: "Thành lập HTX cần mấy người?", hoặc chọn một mục:',
  thanks: 'Không có gì ạ! Bạn cần hỏi thêm thì cứ nhắn, hoặc chọn một mục:',
  farewell: 'Chào bạn, hẹn gặp lại! Khi cần, bạn cứ nhắn hoặc chọn một mục:',
  forgotten: 'Mình đã xoá cuộc trò chuyện của bạn. Chúng ta bắt đầu lại nhé!',
  thanksUp: 'Cảm ơn bạn đã đánh giá! Bạn cứ hỏi tiếp nhé.',
  thanksDown: 'Cảm ơn bạn đã góp ý, mình sẽ ghi nhận để trả lời tốt hơn. Bạn thử hỏi lại theo cách khác nhé.',
  alreadyRated: 'Bạn đã đánh giá câu trả lời này rồi. Cảm ơn bạn!',
  nothingToRate: 'Chưa có câu trả lời nào để đánh giá. Bạn cứ đặt câu hỏi nhé.',
};

export function menuReply(text: string = texts.welcome): Reply {
  return { text, buttons: menuButtons };
}

/** What /nguon says around its listing. */
export const sourceTexts = {
  none: 'Hiện mình chưa có văn bản nào để trả lời.',
  national: (count: number) => `**Văn bản trung ương (${count})**`,
  local: (count: number) => `**Văn bản địa phương (${count})** — chỉ áp dụng tại địa phương ban hành`,
  details: 'Gõ "nguồn" và số thứ tự (ví dụ: nguồn 1, hoặc /nguon 1) để xem chi tiết một văn bản.',
  noSuchDocument: (count: number) => `Mình không có văn bản số này. Gõ "nguồn" và một số từ 1 đến ${count}, hoặc /nguon để xem danh sách.`,
  notImported:
    '⚠️ Các văn bản trung ương (Luật Hợp tác xã, nghị định, thông tư hướng dẫn) chưa được nạp, ' +
    'nên mình chưa trả lời được theo các văn bản này. ' +
    'Người quản trị nạp bằng lệnh: npm run knowledge -- import (xem README).',
};

/** Said by a channel that cannot carry files (the Zalo Bot Platform) where the papers would go. */
export const fileTexts = {
  link: (name: string, url: string, hours: number) => `📄 Tải hồ sơ của bạn (${name}) tại liên kết dưới đây, dùng được trong ${hours} giờ:\n${url}`,
  noLink: (name: string) =>
    `📄 Hồ sơ của bạn (${name}) là một tệp Word, mà kênh Zalo này chưa gửi được tệp. Bạn nhận tệp khi làm phần hướng dẫn với bot trên Telegram, hoặc nhờ người quản trị lấy tệp bằng dòng lệnh (npm run cli -- chat).`,
};
