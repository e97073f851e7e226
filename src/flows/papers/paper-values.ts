import { currentProvince, displayAnswer, provinceName, type RenderContext } from '../answer-display.ts';
import type { Answers } from '../conditions.ts';
import { answerKeyOf } from '../flow-definition.ts';
import { vndInWords } from '../number-in-words.ts';
import { formatDecimal } from '../vietnamese-number.ts';
import { addressParts, type AddressPart } from './address-parts.ts';

/**
 * A paper's values from the answers. "{key}" is the answer as the chat shows it; after a colon, a
 * form of it the papers need: `upper` (names in capitals, as the forms ask), `digits` (an amount in
 * figures, "500.000.000"), `words` ("Năm trăm triệu đồng"), `now` (a province as it is today),
 * `street`, `hamlet`, `commune`, `district` (a part of an address). `extra` fills the paper's own
 * placeholders ({n}, {item}, {today}). An answer not given, or skipped, leaves its place empty.
 */
export function fillPaperTemplate(text: string, answers: Answers, context: RenderContext, extra: Record<string, string> = {}): string {
  return text.replace(/\{([a-z0-9-]+)(?::([a-z]+))?\}/g, (_whole, key: string, format: string | undefined) => {
    if (key in extra) return extra[key] as string;
    const answer = answers[key];
    const step = context.flow.steps.find((s) => answerKeyOf(s) === key);
    if (answer === undefined || answer === '' || !step) return '';
    switch (format) {
      case undefined:
        return displayAnswer(step, answer, context);
      case 'upper':
        return displayAnswer(step, answer, context).toLocaleUpperCase('vi');
      case 'digits':
        return typeof answer === 'number' ? formatDecimal(answer) : String(answer);
      case 'words':
        return typeof answer === 'number' ? vndInWords(answer) : String(answer);
      case 'now': {
        const current = currentProvince(String(answer), context.provinces);
        return current ? provinceName(current) : String(answer);
      }
      case 'street':
      case 'hamlet':
      case 'commune':
      case 'district':
        return addressParts(String(answer))[format as AddressPart];
      default:
        throw new Error(`unknown format {${key}:${format}} in a paper`);
    }
  });
}

/** The items of a list answer ("lúa; cà phê"), none when it was skipped. */
export function listAnswer(answers: Answers, key: string): string[] {
  const answer = answers[key];
  return typeof answer === 'string' && answer !== '' ? answer.split('; ') : [];
}
