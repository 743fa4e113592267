// The realistic templates of tests/fixtures/templates, rewritten without a database: which
// links are tracked, and that every byte but the tracked attribute values survives.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planHtml, renderHtml, trackedUrls } from '@/lib/instrument/html';
import { escapeHtml, resolveMergeFields } from '@/lib/instrument/merge-fields';

const DIR = path.resolve(import.meta.dirname, '../../fixtures/templates');

function load(name: string, fields: Record<string, string> = {}): string {
  const text = readFileSync(path.join(DIR, name), 'utf8');
  return resolveMergeFields(
    text,
    { unsubscribe_url: 'https://t.example/u/TOKEN', ...fields },
    escapeHtml,
  );
}

const ownUrl = (url: string) => url.startsWith('https://t.example/');

describe('realistic templates', () => {
  it('newsletter: header, article, both button variants (VML and HTML), preferences', () => {
    const plan = planHtml(load('newsletter.html'), ownUrl);
    expect(trackedUrls(plan)).toEqual([
      'https://harvest.example/?utm_source=newsletter&utm_medium=email',
      'https://harvest.example/blog/squash-guide#storage',
      'https://harvest.example/shop?category=squash&sort=new',
      'https://harvest.example/shop?category=squash&sort=new',
      'https://harvest.example/preferences?list=weekly',
    ]);
    expect(plan.hrefs.filter((h) => h.tag === 'v:roundrect').length).toBe(1);
  });

  it('unusual markup: every valid spelling of a link, none of the untrackable ones', () => {
    const plan = planHtml(load('unusual-markup.html'), ownUrl);
    expect(trackedUrls(plan)).toEqual([
      'https://odd.example/one?x=1&y=2',
      'https://odd.example/two',
      'https://odd.example/three',
      'https://odd.example/four?q=caf%C3%A9&lang=fr',
      'https://odd.example/five?a=1&b=2&copy=3',
      'https://odd.example/six?a=1&b=2',
      'https://odd.example/%C3%BCn%C3%AF/%E6%97%A5%E6%9C%AC?q=%F0%9F%98%80#%C3%9F',
      'https://odd.example/map-area',
      'https://odd.example/svg-link',
      'https://odd.example/no-close',
      'https://odd.example/in-table',
    ]);
    const out = renderHtml(
      plan,
      trackedUrls(plan).map((_, i) => `https://t.example/c/${i}`),
      '',
    );
    expect(out).toContain('<a href="https://odd.example/private">private</a>');
    expect(out).toContain(`<a href="#">script</a>`);
    expect(out).toContain(
      '<!-- a comment with a link that must stay: ' +
        '<a href="https://odd.example/commented">x</a> -->',
    );
  });

  it('template tags: resolved per recipient before wrapping (C9)', () => {
    const fields = {
      first_name: 'Lea',
      slug: 'lea-m',
      list_id: '7',
      item_1: 'kettle-3',
      item_1_name: 'Kettle',
      item_2: 'mug & saucer',
      item_2_name: 'Mug',
      referral_url: 'https://picks.example/r?c=LEA10&src=mail',
      code: 'LEA10',
    };
    const plan = planHtml(load('template-tags.html', fields), ownUrl);
    expect(trackedUrls(plan)).toEqual([
      'https://picks.example/for/lea-m?list=7',
      'https://picks.example/item/kettle-3',
      'https://picks.example/item/mug%20&%20saucer#reviews',
      'https://picks.example/r?c=LEA10&src=mail',
    ]);
  });

  for (const name of [
    'newsletter.html',
    'receipt.html',
    'appointment.html',
    'unusual-markup.html',
  ]) {
    it(`${name}: only tracked attribute values and opt-out attributes change`, () => {
      const source = load(name);
      const plan = planHtml(source, ownUrl);
      // Putting each tracked value's own source text back must give the input again.
      const originals = plan.hrefs
        .filter((h) => h.action.kind === 'track')
        .map((h) => source.slice(h.start, h.end));
      const restored = renderHtml(
        { ...plan, hrefs: plan.hrefs.filter((h) => h.action.kind !== 'neutralise') },
        originals,
        '',
      );
      const withoutOptOut = source.replace(/\s+data-verity-notrack/g, '');
      expect(restored).toBe(withoutOptOut);
    });
  }
});
