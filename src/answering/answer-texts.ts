/** Fixed wording of answers, in one place so it reads consistently and can be reviewed. */
export const ANSWER_TEXTS = {
  basis: 'Căn cứ',
  about: 'về',
  partNotFound: (question: string) => `Về câu "${question}": mình chưa tìm thấy nội dung này trong các văn bản mình đang có.`,
  understoodAs: (question: string) => `(Mình hiểu câu hỏi là: "${question}")`,
  whichOne: 'Câu hỏi của bạn có thể hiểu theo hai cách. Bạn muốn hỏi điều nào?',
  ruleMet: 'Được.',
  ruleNotYetMet: 'Chưa được.',
  ruleBroken: 'Không được.',
  seeAlso: 'Xem thêm',
  notFound:
    'Xin lỗi, mình chưa tìm thấy nội dung này trong các văn bản mình đang có (Luật Hợp tác xã 2023, các nghị định, thông tư hướng dẫn và một số kế hoạch của địa phương), nên mình không trả lời để tránh nói sai.',
  unheldDocument: (documents: string) =>
    `Xin lỗi, mình chưa có ${documents} trong các văn bản mình đang giữ, nên không trả lời được nội dung của văn bản đó để tránh nói sai.`,
  noFigure:
    'Xin lỗi, các văn bản mình đang có không nêu con số (mức, tỷ lệ) mà bạn hỏi, nên mình không đưa ra con số nào để tránh nói sai.',
  noDocument: 'Xin lỗi, các văn bản mình đang có không ghi số hiệu văn bản mà bạn hỏi, nên mình không trả lời để tránh nói sai.',
  nearby: (citation: string, heading: string) => `Gần nhất với câu hỏi, mình có ${citation}${heading && !citation.includes(heading) ? ` (${heading})` : ''}: bạn có thể gõ câu hỏi về nội dung đó.`,
  askInstead:
    'Bạn có thể hỏi trực tiếp:\n• Cơ quan đăng ký hợp tác xã nơi hợp tác xã đặt (hoặc dự định đặt) trụ sở;\n• Liên minh Hợp tác xã tỉnh, thành phố nơi bạn ở.',
  offTopicHint: 'Mình trả lời các câu hỏi về tổ hợp tác, hợp tác xã, liên hiệp hợp tác xã. Gõ /help để xem mình giúp được gì.',
  nationalTextsMissing:
    'Lưu ý: các văn bản luật quốc gia chưa được nạp vào bot, nên mình chỉ tra được các kế hoạch địa phương. Quản trị viên nạp bằng lệnh: npm run knowledge -- import <thư mục văn bản> (xem README).',
} as const;
