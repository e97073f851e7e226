/**
 * Numbers for terms, shared by every prepared passage. A question's terms are looked up in this one
 * map, which stays in cache while a question is reranked, and then found by number in each
 * candidate's small sorted array; a map of each passage's own meant a cold lookup per term and
 * candidate, which was most of reranking's time.
 */
export class TermNumbers {
  private readonly numbers = new Map<string, number>();

  /** The term's number, given it now if it has none. */
  numberOf(term: string): number {
    let number = this.numbers.get(term);
    if (number === undefined) this.numbers.set(term, (number = this.numbers.size));
    return number;
  }

  /** The term's number; none when no passage holding it has been prepared. */
  find(term: string): number | undefined {
    return this.numbers.get(term);
  }
}

/**
 * Where each term of a passage stands: which of its lines hold it, and whether its context (document
 * name, headings) does. Flat arrays, the terms by number in ascending order; a term is found by
 * binary search and then named by its place (`at`) in them.
 */
export class PassageTerms {
  private constructor(
    private readonly numbers: TermNumbers,
    /** The passage's term numbers, ascending. */
    private readonly sorted: Uint32Array,
    /** Where each term's lines start in `lineList`; one more entry than terms. */
    private readonly linesStart: Uint32Array,
    private readonly lineList: Uint16Array | Uint32Array,
    /** 1 where the context holds the term. */
    private readonly context: Uint8Array,
  ) {}

  /** `lineTerms[i]`: the terms of line `i`. */
  static of(lineTerms: Array<Iterable<string>>, contextTerms: Iterable<string>, numbers: TermNumbers): PassageTerms {
    const places = new Map<number, { lines: number[]; inContext: boolean }>();
    const placesOf = (term: string) => {
      const number = numbers.numberOf(term);
      let found = places.get(number);
      if (!found) places.set(number, (found = { lines: [], inContext: false }));
      return found;
    };
    lineTerms.forEach((terms, line) => {
      for (const term of terms) placesOf(term).lines.push(line);
    });
    for (const term of contextTerms) placesOf(term).inContext = true;
    const sorted = Uint32Array.from(places.keys()).sort();
    const linesStart = new Uint32Array(sorted.length + 1);
    sorted.forEach((number, at) => (linesStart[at + 1] = linesStart[at]! + places.get(number)!.lines.length));
    const lineList = lineTerms.length <= 0xffff ? new Uint16Array(linesStart[sorted.length]!) : new Uint32Array(linesStart[sorted.length]!);
    const context = new Uint8Array(sorted.length);
    sorted.forEach((number, at) => {
      const { lines, inContext } = places.get(number)!;
      lineList.set(lines, linesStart[at]!);
      context[at] = inContext ? 1 : 0;
    });
    return new PassageTerms(numbers, sorted, linesStart, lineList, context);
  }

  get size(): number {
    return this.sorted.length;
  }

  /** The term's place in this passage's arrays; −1 when the passage does not hold it. */
  find(term: string): number {
    const number = this.numbers.find(term);
    if (number === undefined) return -1;
    const { sorted } = this;
    let low = 0;
    let high = sorted.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const at = sorted[middle]!;
      if (at === number) return middle;
      if (at < number) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  has(term: string): boolean {
    return this.find(term) >= 0;
  }

  /** The lines holding the term at `at`, ascending: `line(k)` for `k` from `firstLine(at)` up to `endLine(at)`. */
  firstLine(at: number): number {
    return this.linesStart[at]!;
  }

  endLine(at: number): number {
    return this.linesStart[at + 1]!;
  }

  line(k: number): number {
    return this.lineList[k]!;
  }

  /** Whether the line holds the term at `at` on its own. */
  onLine(at: number, line: number): boolean {
    for (let k = this.linesStart[at]!, end = this.linesStart[at + 1]!; k < end; k++) if (this.lineList[k] === line) return true;
    return false;
  }

  inContext(at: number): boolean {
    return this.context[at] === 1;
  }
}
