import { foldAnswer } from '../text-match.ts';

/** An address as the forms' lines take it: house and street, hamlet, commune, district. */
export interface AddressParts {
  street: string;
  hamlet: string;
  commune: string;
  district: string;
}

export type AddressPart = keyof AddressParts;

/** The first word(s) that say what a part of an address is, folded: "thôn 3" is a hamlet. */
const KINDS: Array<[AddressPart, string[]]> = [
  ['hamlet', ['thon', 'xom', 'ap', 'to', 'to dan pho', 'ban', 'buon', 'lang', 'khom', 'khu pho', 'khu', 'soc', 'plei', 'doi']],
  ['commune', ['xa', 'phuong', 'thi tran', 'dac khu']],
  ['district', ['huyen', 'quan', 'thi xa']],
];
/**
 * A province named in the address is the form's own line (filled from the province answer). A
 * "thành phố" is the province when it ends the address, a city within the province otherwise.
 */
function kindOf(part: string, last: boolean): AddressPart | 'province' | undefined {
  const folded = foldAnswer(part);
  const starts = (words: string[]) => words.some((w) => folded === w || folded.startsWith(`${w} `));
  if (starts(['tinh'])) return 'province';
  if (starts(['thanh pho', 'tp'])) return last ? 'province' : 'district';
  return KINDS.find(([, words]) => starts(words))?.[0];
}

/**
 * "Số 12 đường Lê Lợi, thôn 3, xã Ea Tu, tỉnh Đắk Lắk" in the form's lines: each comma-separated
 * part goes to the line its first word names; what names none is the house and street. A part a
 * farmer typed twice (two communes) stays in the street line rather than being lost.
 */
export function addressParts(address: string): AddressParts {
  const parts: AddressParts = { street: '', hamlet: '', commune: '', district: '' };
  const street: string[] = [];
  const pieces = address.split(/[,;\n]/).map((p) => p.trim()).filter((p) => p !== '');
  for (const [i, part] of pieces.entries()) {
    const kind = kindOf(part, i === pieces.length - 1);
    if (kind === 'province') continue;
    if (kind === undefined || parts[kind] !== '') street.push(part);
    else parts[kind] = part;
  }
  parts.street = street.join(', ');
  return parts;
}
