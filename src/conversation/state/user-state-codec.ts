import { z } from 'zod';
import type { FeedbackRecord, UserState } from './state-store.ts';

const citationRef = z.object({ docId: z.string(), citation: z.string() });

const reply = z.object({
  text: z.string(),
  buttons: z.array(z.string()).optional(),
  files: z.array(z.object({ name: z.string(), path: z.string(), mime: z.string() })).optional(),
});

const userStateSchema: z.ZodType<UserState> = z.object({
  turns: z.array(z.object({ role: z.enum(['user', 'bot']), text: z.string() })),
  flow: z
    .object({
      flowId: z.string(),
      stepId: z.string(),
      answers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
      history: z.array(z.string()),
      completed: z.boolean().optional(),
      page: z.number().int().min(0).optional(),
    })
    .optional(),
  flowReplies: z.array(reply).optional(),
  lastAnswer: z
    .object({ question: z.string(), answer: z.string(), citations: z.array(citationRef), rated: z.boolean().optional() })
    .optional(),
  language: z.literal('vi'),
  updatedAt: z.number(),
});

const feedbackSchema: z.ZodType<FeedbackRecord> = z.object({
  userHash: z.string(),
  question: z.string(),
  answer: z.string(),
  citations: z.array(citationRef),
  verdict: z.enum(['up', 'down']),
  at: z.number(),
});

/**
 * Stored state written by an older version, or damaged, must not lock a user out of the bot:
 * it reads as "no state" and the user starts fresh.
 */
export function decodeUserState(json: string): UserState | undefined {
  try {
    const parsed = userStateSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function encodeUserState(state: UserState): string {
  return JSON.stringify(state);
}

export function decodeCitations(json: string): FeedbackRecord['citations'] {
  return z.array(citationRef).parse(JSON.parse(json));
}

export function decodeFeedback(json: string): FeedbackRecord {
  return feedbackSchema.parse(JSON.parse(json));
}
