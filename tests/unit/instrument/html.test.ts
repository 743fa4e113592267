import { describe, expect, it } from 'vitest';
import { planHtml, renderHtml, trackedUrls } from '@/lib/instrument/html';
import { escapeHtml, resolveMergeFields } from '@/lib/instrument/merge-fields';
import { addQueryParams } from '@/lib/instrument/url';

const notOwn = () => false;

/** Rewrites with click URLs C0, C1, ... and the appendix "[T]". */
function rewrite(html: string): { out: string; tracked: string[] } {
  const plan = planHtml(html, notOwn);
  const tracked = trackedUrls(plan);
  const out = renderHtml(
    plan,
    tracked.map((_, i) => `https://t.example/c/C${i}`),
    '[T]',
  );
  return { out, tracked };
}

describe('HTML link rewriting', () => {
  it('wraps a, area and VML hrefs and keeps every other byte', () => {
    const html =
      '<html><body>\n<a  class=x HREF="https://a.example/1">A</a>' +
      "<map><area shape=rect href='http://b.example/2'></map>" +
      '<v:roundrect href=https://c.example/3 arcsize="10%"></v:roundrect>\n</body></html>';
    const { out, tracked } = rewrite(html);

    expect(tracked).toEqual(['https://a.example/1', 'http://b.example/2', 'https://c.example/3']);
    expect(out).toBe(
      '<html><body>\n<a  class=x HREF="https://t.example/c/C0">A</a>' +
        "<map><area shape=rect href='https://t.example/c/C1'></map>" +
        '<v:roundrect href=https://t.example/c/C2 arcsize="10%"></v:roundrect>\n[T]</body></html>',
    );
  });

  it('wraps VML buttons inside Outlook conditional comments, not ordinary comments', () => {
    const html =
      '<body><!--[if mso]><v:roundrect xmlns:v="urn:schemas-microsoft-com:vml" ' +
      'href="https://btn.example/go?a=1&amp;b=2" style="height:40px"><w:anchorlock/>' +
      '</v:roundrect><![endif]--><!-- <a href="https://old.example/">old</a> -->' +
      '<!--[if !mso]><!--><a href="https://btn.example/go?a=1&amp;b=2">Go</a><!--<![endif]-->' +
      '</body>';
    const { out, tracked } = rewrite(html);

    expect(tracked).toEqual(['https://btn.example/go?a=1&b=2', 'https://btn.example/go?a=1&b=2']);
    expect(out).toBe(
      '<body><!--[if mso]><v:roundrect xmlns:v="urn:schemas-microsoft-com:vml" ' +
        'href="https://t.example/c/C0" style="height:40px"><w:anchorlock/>' +
        '</v:roundrect><![endif]--><!-- <a href="https://old.example/">old</a> -->' +
        '<!--[if !mso]><!--><a href="https://t.example/c/C1">Go</a><!--<![endif]-->' +
        '[T]</body>',
    );
  });

  it('decodes entities before registering (C6)', () => {
    const { tracked } = rewrite('<a href="https://t.example/x?a=1&amp;b=2">x</a>');
    expect(tracked).toEqual(['https://t.example/x?a=1&b=2']);
    const numeric = rewrite('<a href="https://t.example/x?a=1&#38;b=2&#x26;c=3">x</a>');
    expect(numeric.tracked).toEqual(['https://t.example/x?a=1&b=2&c=3']);
  });

  it('registers the standard normal form of unusual links (C5)', () => {
    const { tracked } = rewrite(
      '<a href="https://foo.example/search?fulltext=campus&f[0]=themes:2&f[1]=themes:1706">1</a>' +
        '<a href="https://example.com/café/ünï?q=日本😀#ß">2</a>' +
        '<a href="https://x.example/already%20encoded/%E6%97%A5">3</a>',
    );
    expect(tracked).toEqual([
      'https://foo.example/search?fulltext=campus&f[0]=themes:2&f[1]=themes:1706',
      'https://example.com/caf%C3%A9/%C3%BCn%C3%AF?q=%E6%97%A5%E6%9C%AC%F0%9F%98%80#%C3%9F',
      'https://x.example/already%20encoded/%E6%97%A5',
    ]);
  });

  it('leaves mailto, tel, sms, data and in-page links byte-identical (C7, C8)', () => {
    const html =
      '<a href="mailto:a@b.example?subject=Hi%20there">m</a><a href="tel:+15551234">t</a>' +
      '<a href="sms:+15551234?body=hi">s</a><a href="data:text/plain,hi">d</a>' +
      '<a href="#top">top</a><a href="/relative">r</a><a>no href</a>';
    const { out, tracked } = rewrite(html);
    expect(tracked).toEqual([]);
    expect(out).toBe(html + '[T]');
  });

  it('neutralises javascript: links, however they are spelled', () => {
    const { out, tracked } = rewrite(
      '<a href="javascript:alert(1)">1</a><a href=" JaVa&#x09;Script:alert(2)">2</a>',
    );
    expect(tracked).toEqual([]);
    expect(out).toBe('<a href="#">1</a><a href="#">2</a>[T]');
  });

  it('honours the per-link opt-out and removes the attribute', () => {
    const { out, tracked } = rewrite(
      '<a href="https://keep.example/" data-verity-notrack>k</a> ' +
        '<a data-verity-notrack="" href="https://keep2.example/">k2</a> ' +
        '<a href="https://t.example/">t</a>',
    );
    expect(tracked).toEqual(['https://t.example/']);
    expect(out).toBe(
      '<a href="https://keep.example/">k</a> <a href="https://keep2.example/">k2</a> ' +
        '<a href="https://t.example/c/C0">t</a>[T]',
    );
  });

  it('puts the appendix before the last </body>, or at the end without one', () => {
    expect(rewrite('<p>a</p></BODY >\n</html>').out).toBe('<p>a</p>[T]</BODY >\n</html>');
    expect(rewrite('<p>a</p>').out).toBe('<p>a</p>[T]');
    expect(rewrite('<!-- </body> --><p>x</p>').out).toBe('<!-- </body> --><p>x</p>[T]');
  });

  it('resolves merge fields before wrapping, per recipient (C9)', () => {
    const template =
      '<a href="{{unsubscribe_url}}">u</a><a href="https://x.example/{{slug}}">s</a>';
    const forAnna = rewrite(
      resolveMergeFields(
        template,
        { unsubscribe_url: 'https://u.example/a', slug: 'anna&co' },
        escapeHtml,
      ),
    );
    const forBen = rewrite(
      resolveMergeFields(
        template,
        { unsubscribe_url: 'https://u.example/b', slug: 'ben' },
        escapeHtml,
      ),
    );

    expect(forAnna.tracked).toEqual(['https://u.example/a', 'https://x.example/anna&co']);
    expect(forBen.tracked).toEqual(['https://u.example/b', 'https://x.example/ben']);
    for (const url of [...forAnna.tracked, ...forBen.tracked]) {
      expect(url).not.toMatch(/%7B%7B|\{\{/i);
    }
  });

  it('refuses a template whose merge field has no value, naming it', () => {
    expect(() =>
      resolveMergeFields('<a href="https://x.example/{{slug}}">', {}, escapeHtml),
    ).toThrow('missing merge field values: slug');
  });
});

describe('tracking parameters (C7)', () => {
  it('adds them before the fragment and keeps the rest of the query as written', () => {
    expect(addQueryParams('https://ex.example/post#h', { utm_source: 'verity' })).toBe(
      'https://ex.example/post?utm_source=verity#h',
    );
    expect(
      addQueryParams('https://ex.example/p?f[0]=a%20b&utm_source=mine#x', {
        utm_source: 'verity',
        utm_medium: 'email',
      }),
    ).toBe('https://ex.example/p?f[0]=a%20b&utm_source=mine&utm_medium=email#x');
  });
});
