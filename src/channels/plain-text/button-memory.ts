/**
 * The numbered options last shown in each conversation, so that a farmer's "2" (or the option's own
 * words) can be handed to the core as the button it stands for. Kept in memory: after a restart a
 * number is just text again, which the core answers like any other message. Bounded by forgetting
 * the conversations least recently shown options.
 */
export class ButtonMemory {
  private readonly shown = new Map<string, { userId: string; options: string[] }>();

  constructor(private readonly maxConversations = 1_000) {}

  /** Remembers the options shown to `userId` in a conversation; none forgets them. */
  remember(threadId: string, userId: string, options: string[]): void {
    this.shown.delete(threadId);
    if (options.length === 0) return;
    this.shown.set(threadId, { userId, options });
    if (this.shown.size > this.maxConversations) {
      const oldest = this.shown.keys().next().value;
      if (oldest !== undefined) this.shown.delete(oldest);
    }
  }

  /**
   * The button a message presses: an option's number ("2", "2.") or its words, from the user the
   * options were shown to (in a group, another member's "2" is their own business). The words may
   * leave out the option's emoji and be typed without accents ("thanh lap htx" for "📘 Thành lập
   * HTX"), as long as that leaves only one option they could mean.
   */
  pressed(threadId: string, userId: string, text: string): string | undefined {
    const entry = this.shown.get(threadId);
    if (!entry || entry.userId !== userId) return undefined;
    const typed = words(text);
    const number = /^(\d{1,2})\s*[.)]?$/.exec(text.trim());
    if (number) return entry.options[Number(number[1]) - 1];
    if (typed === '') return undefined;
    const exact = entry.options.filter((option) => words(option) === typed);
    if (exact.length === 1) return exact[0];
    const folded = entry.options.filter((option) => fold(words(option)) === fold(typed));
    return folded.length === 1 ? folded[0] : undefined;
  }
}

/** The letters and digits of a text, lower-case, single-spaced: emoji and punctuation left out. */
function words(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ')
    .trim();
}

/** Without diacritics, "đ" as "d": how a question typed without accents is read. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').replace(/đ/g, 'd');
}
