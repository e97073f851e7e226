import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';

export interface FrontMatterFile {
  fields: Record<string, unknown>;
  body: string;
}

const FENCE = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

/**
 * Splits a `---` header from a text file. Our own files hold YAML; third-party headers are
 * `key: value` lines whose values may contain colons and quotes that YAML rejects, so a header
 * that is not valid YAML is read line by line instead.
 */
export function parseFrontMatter(raw: string): FrontMatterFile {
  const match = FENCE.exec(raw);
  if (!match) return { fields: {}, body: raw };
  const header = match[1] ?? '';
  const body = raw.slice(match[0].length);
  try {
    const parsed: unknown = parseYaml(header);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return { fields: parsed as Record<string, unknown>, body };
    }
  } catch {
    // fall through to the line reader
  }
  const fields: Record<string, unknown> = {};
  for (const line of header.split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at > 0) fields[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return { fields, body };
}

export function renderFrontMatter(fields: Record<string, unknown>, body: string): string {
  return `---\n${stringifyYaml(fields, { lineWidth: 0 }).trimEnd()}\n---\n${body}`;
}
