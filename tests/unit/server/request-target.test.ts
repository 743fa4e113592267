import { describe, expect, it } from 'vitest';
import { normaliseRequestTarget } from '../../../lib/server/request-target';
import { matchTrackingPath } from '../../../lib/tracking/paths';

const TOKEN = 'AQKfR0x7mZ1kq3yq2l0Vb8HnR2T6c1m4WbQy3lZ0a9U';

describe('normaliseRequestTarget', () => {
  it.each([
    ['/o/abc', '/o/abc'],
    ['/c/abc?x=1', '/c/abc?x=1'],
    ['/campaigns/1', '/campaigns/1'],
  ])('leaves the ordinary origin form %s untouched', (target, expected) => {
    expect(normaliseRequestTarget(target)).toBe(expected);
  });

  it.each([
    ['//c/abc', '/c/abc'],
    ['///o/abc', '/o/abc'],
    ['/\\c/abc', '/c/abc'],
    ['/./o/abc', '/o/abc'],
    ['/x/../o/abc', '/o/abc'],
    ['/x/%2e%2e/c/abc', '/c/abc'],
    ['http://evil.example/c/abc', '/c/abc'],
    ['https://evil.example//o/abc?q=1', '/o/abc?q=1'],
  ])('rewrites %s to %s', (target, expected) => {
    expect(normaliseRequestTarget(target)).toBe(expected);
  });

  it('keeps no host from an absolute-form target, whatever it is', () => {
    expect(normaliseRequestTarget('http://evil.example')).toBe('/');
    expect(normaliseRequestTarget('not a url')).toBe('/');
  });

  it('lets the tracking path match once the target is normalised', () => {
    expect(matchTrackingPath(normaliseRequestTarget(`//c/${TOKEN}`))).toEqual({
      kind: 'click',
      token: TOKEN,
    });
    expect(matchTrackingPath(normaliseRequestTarget(`http://evil.example/o/${TOKEN}`))).toEqual({
      kind: 'open',
      token: TOKEN,
    });
  });
});
