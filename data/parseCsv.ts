/**
 * A strict CSV reader (RFC 4180: comma separator, double-quoted fields with "" as an escaped
 * quote, LF or CRLF line ends). Strict because a silently misread row trains a model on garbage:
 * every record must have as many fields as the header, and errors name the line.
 */
import { dataErrors } from './errors';

/** A parsed CSV file: the header and the records as strings. */
export interface CsvTable {
  /** Column names from the header line. */
  columns: string[];
  /** One array of field strings per record, in file order. */
  rows: string[][];
  /** The 1-based line of the file each record starts on (the header is line 1), for messages. */
  lines: number[];
}

/** Options of {@link parseCsv}. */
export interface ParseCsvOptions {
  /** Name of the file in error messages. Default: `'CSV input'`. */
  source?: string;
}

const PARSE_CSV_DEFAULTS = { source: 'CSV input' } as const;

/**
 * Parses CSV text. Blank lines are skipped; a record with the wrong number of fields, a
 * duplicate header name or an unclosed quote throws an error naming the line.
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): CsvTable {
  const source = options.source ?? PARSE_CSV_DEFAULTS.source;
  const records: { fields: string[]; line: number }[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let fieldStarted = false;
  const endRecord = () => {
    if (fieldStarted || fields.length > 0 || field !== '') {
      fields.push(field);
      records.push({ fields, line: recordLine });
    }
    fields = [];
    field = '';
    fieldStarted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      fieldStarted = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      fieldStarted = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += c;
    }
  }
  if (quoted) throw new Error(dataErrors.csvUnterminatedQuote(source, recordLine));
  endRecord();

  if (records.length === 0) throw new Error(dataErrors.csvEmpty(source));
  const columns = records[0].fields.map((s) => s.trim());
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c)) throw new Error(dataErrors.csvDuplicateColumn(source, c));
    seen.add(c);
  }
  const rows: string[][] = [];
  const lines: number[] = [];
  for (const r of records.slice(1)) {
    if (r.fields.length !== columns.length) {
      throw new Error(dataErrors.csvFieldCount(source, r.line, r.fields.length, columns.length));
    }
    rows.push(r.fields);
    lines.push(r.line);
  }
  return { columns, rows, lines };
}
