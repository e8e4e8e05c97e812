import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { DocumentSourceMap, EventSourceMap, type SourceMap } from './positions.js';
import { parseStrict } from './strict-yaml.js';
import { keepTextScalars } from './text-scalars.js';
import { addDuplicateKeyErrors } from './unique-keys.js';
import { invalidUtf8Offset, lineColumnOf } from './utf8.js';

export interface LoadedYaml {
  /** Plain data (YAML anchors resolved); undefined when the file is unreadable or has syntax errors. */
  data: unknown;
  source: SourceMap | null;
  diagnostics: Diagnostic[];
}

/**
 * `parse`: the strict parse, else the yaml library's. `decline`: the strict parse only ('declined'
 * when it refuses the text). `only`: the yaml library's only (the strict parse already refused it).
 */
export type DocumentParse = 'parse' | 'decline' | 'only';

/**
 * Reads and parses the manifest, keeping line/column for every node. Syntax errors are all reported
 * (the yaml parser recovers and keeps going), and none of the data is used when there is one.
 */
export async function loadYaml(absFile: string, displayFile: string, afterParse?: () => void): Promise<LoadedYaml>;
export async function loadYaml(absFile: string, displayFile: string, afterParse: (() => void) | undefined, documentParse: DocumentParse | undefined): Promise<LoadedYaml | 'declined'>;
export async function loadYaml(absFile: string, displayFile: string, afterParse?: () => void, documentParse: DocumentParse = 'parse'): Promise<LoadedYaml | 'declined'> {
  let bytes: Buffer;
  try {
    bytes = await readFile(absFile);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : ((e as NodeJS.ErrnoException).code ?? 'read failed');
    return {
      data: undefined,
      source: null,
      diagnostics: [
        error('manifest.unreadable', `cannot read manifest ${displayFile}: ${reason}`, {
          detail: 'Check the path given with -f (the default is ./keys.yaml in the working directory).',
        }),
      ],
    };
  }
  const bad = invalidUtf8Offset(bytes);
  if (bad >= 0) {
    const { line, column } = lineColumnOf(bytes, bad);
    const hex = bytes.subarray(bad, bad + 1).toString('hex');
    return {
      data: undefined,
      source: null,
      diagnostics: [
        error('manifest.yaml-syntax', `manifest is not valid UTF-8: byte 0x${hex} at byte offset ${bad}`, {
          detail: 'Save the file as UTF-8 (e.g. `iconv -f LATIN1 -t UTF-8`); nothing else is checked until it is.',
          pos: { file: displayFile, line, column },
        }),
      ],
    };
  }
  const text = bytes.toString('utf8');
  if (documentParse === 'parse') return parseYaml(text, displayFile, afterParse);
  if (documentParse === 'only') return parseDocumentYaml(text, displayFile, afterParse);
  return readStrictly(text, displayFile) ?? 'declined';
}

/**
 * `afterParse`: called once the document is built, when the parser's token tree has just become garbage.
 * A manifest the strict parse reads (the usual case, see strict-yaml.ts) is read by it; anything
 * else by the yaml library, which reports every syntax error with its position.
 */
export function parseYaml(text: string, displayFile: string, afterParse?: () => void): LoadedYaml {
  return readStrictly(text, displayFile) ?? parseDocumentYaml(text, displayFile, afterParse);
}

function readStrictly(text: string, displayFile: string): LoadedYaml | null {
  const strict = parseStrict(text);
  if (!strict) return null;
  const source = new EventSourceMap(text, strict.events, displayFile);
  keepTextScalars(strict.data, source);
  return { data: strict.data, source, diagnostics: [] };
}

/** The yaml library's parse: errors recovered from and all reported, positions kept for every node. */
export function parseDocumentYaml(text: string, displayFile: string, afterParse?: () => void): LoadedYaml {
  const lines = new LineCounter();
  const doc = withPlainEnv(() => parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false }));
  afterParse?.();
  addDuplicateKeyErrors(doc);
  const source = new DocumentSourceMap(doc, lines, displayFile);
  const at = (e: YAMLError) => {
    const { line, col } = lines.linePos(e.pos[0]);
    return { file: displayFile, line, column: col };
  };
  const diagnostics: Diagnostic[] = [
    ...doc.errors.map((e) =>
      error('manifest.yaml-syntax', `YAML syntax error: ${firstLine(e.message)}`, {
        detail: 'Fix the YAML at this position; nothing else in the manifest is checked until it parses.',
        pos: at(e),
      }),
    ),
    ...doc.warnings.map((e) => warning('manifest.yaml-syntax', `YAML: ${firstLine(e.message)}`, { pos: at(e) })),
  ];
  if (doc.errors.length > 0) return { data: undefined, source, diagnostics };
  try {
    const data: unknown = doc.toJS({ maxAliasCount: 100 });
    keepTextScalars(data, source);
    return { data, source, diagnostics };
  } catch (e) {
    // toJS throws only for alias abuse ("billion laughs") or unresolvable aliases.
    const summary = `YAML: ${firstLine((e as Error).message)}`;
    return { data: undefined, source, diagnostics: [...diagnostics, error('manifest.yaml-syntax', summary, { pos: source.posOf([]) })] };
  }
}

/**
 * Runs `fn` with `process.env` replaced by a plain copy of itself. The yaml parser reads
 * `process.env.LOG_TOKENS` once per token, and each read of the real `process.env` is a call into
 * the C++ environment (about 0.7 µs): 0.2 s of a 10,000-key manifest's 300,000 tokens. The copy
 * holds the same values, and the swap is invisible outside: `fn` is synchronous and the real
 * object is back before anything else runs.
 */
export function withPlainEnv<T>(fn: () => T): T {
  const real = process.env;
  process.env = { ...real };
  try {
    return fn();
  } finally {
    process.env = real;
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/:$/, '');
}
