import test from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml, scriptJson, scriptText, unescapeHtml } from '../../core';

test('escapeHtml escapes the five characters for content and either kind of attribute quotes', () => {
  assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  assert.equal(escapeHtml('plain text'), 'plain text');
});

test('unescapeHtml undoes escapeHtml, once', () => {
  for (const s of [`<a href="x" title='y'>&</a>`, '&amp;lt; stays one level', 'plain'])
    assert.equal(unescapeHtml(escapeHtml(s)), s);
  assert.equal(unescapeHtml('&amp;lt;'), '&lt;');
});

test('scriptJson cannot end its <script> element and parses back to the value', () => {
  const value = { title: '</script><script>alert(1)</script>', note: '<!-- x', sep: 'a\u2028b\u2029c' };
  const json = scriptJson(value);
  assert.equal(json.includes('<'), false);
  assert.equal(json.includes('\u2028') || json.includes('\u2029'), false);
  assert.equal(
    json,
    '{"title":"\\u003c/script>\\u003cscript>alert(1)\\u003c/script>","note":"\\u003c!-- x","sep":"a\\u2028b\\u2029c"}',
  );
  assert.deepEqual(JSON.parse(json), value);
});

test('scriptText escapes a closing script tag in inlined code, in any case', () => {
  assert.equal(scriptText('s = "</script>"; t = "</SCRIPT>";'), 's = "<\\/script>"; t = "<\\/SCRIPT>";');
});
