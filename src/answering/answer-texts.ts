/** Fixed wording of answers, in one place so it reads consistently and can be reviewed. */
export const ANSWER_TEXTS = {
  basis: 'Căn cứ',
  seeAlso: 'Xem thêm',
  notFound:
    'Xin lỗi, mình chưa tìm thấy nội dung này trong các văn bản mình đang có (Luật Hợp tác xã 2023, các nghị định, thông tư hướng dẫn và một số kế hoạch của địa phương), nên mình không trả lời để tránh nói sai.',
  askInstead:
    'Bạn có thể hỏi trực tiếp:\n• Cơ quan đăng ký hợp tác xã nơi hợp tác xã đặt (hoặc dự định đặt) trụ sở;\n• Liên minh Hợp tác xã tỉnh, thành phố nơi bạn ở.',
  offTopicHint: 'Mình trả lời các câu hỏi về tổ hợp tác, hợp tác xã, liên hiệp hợp tác xã. Gõ /help để xem mình giúp được gì.',
  nationalTextsMissing:
    'Lưu ý: các văn bản luật quốc gia chưa được nạp vào bot, nên mình chỉ tra được các kế hoạch địa phương. Quản trị viên nạp bằng lệnh: npm run knowledge -- import <thư mục văn bản> (xem README).',
} as const;
