import test from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from '../../data/parseCsv';

test('parses header, records and their line numbers, skipping blank lines and CRLF', () => {
  const t = parseCsv('a,b\r\n1,2\r\n\r\n3,4\n', { source: 'x.csv' });
  assert.deepEqual(t.columns, ['a', 'b']);
  assert.deepEqual(t.rows, [
    ['1', '2'],
    ['3', '4'],
  ]);
  assert.deepEqual(t.lines, [2, 4]);
});

test('quoted fields keep commas, escaped quotes and newlines; line numbers count them', () => {
  const t = parseCsv('name,v\n"a, b",1\n"say ""hi""",2\n"two\nlines",3\nz,4');
  assert.deepEqual(
    t.rows.map((r) => r[0]),
    ['a, b', 'say "hi"', 'two\nlines', 'z'],
  );
  assert.deepEqual(t.lines, [2, 3, 4, 6]);
});

test('an empty trailing field counts as a field', () => {
  assert.deepEqual(parseCsv('a,b\n1,\n').rows, [['1', '']]);
});

test('a record with the wrong number of fields is rejected with its line number', () => {
  assert.throws(() => parseCsv('a,b,c\n1,2,3\n\n4,5\n', { source: 'bad.csv' }), {
    message: 'Line 4 of bad.csv has 2 fields, but the header has 3.',
  });
  assert.throws(() => parseCsv('a,b\n1,2,3\n'), { message: 'Line 2 of CSV input has 3 fields, but the header has 2.' });
});

test('an unclosed quote, a duplicate column and an empty file are rejected', () => {
  assert.throws(() => parseCsv('a,b\n1,2\n"3,4\n', { source: 'q.csv' }), {
    message: 'Line 3 of q.csv has a quoted field that is never closed.',
  });
  assert.throws(() => parseCsv('a,a\n1,2'), { message: "The header of CSV input names column 'a' twice." });
  assert.throws(() => parseCsv('\n\n', { source: 'e.csv' }), { message: 'e.csv is empty: a CSV file needs a header line.' });
});
