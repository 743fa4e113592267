// The unsubscribe pages: static HTML, no scripts, no personal data, nothing a scanner can
// trigger by loading them.
function page(title: string, body: string): string {
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<meta name="robots" content="noindex">' +
    `<title>${title}</title><style>body{font-family:system-ui,sans-serif;max-width:32rem;` +
    'margin:4rem auto;padding:0 1rem;color:#1f2937}button{font-size:1rem;padding:.6rem 1.2rem;' +
    'border:0;border-radius:6px;background:#1f2937;color:#fff;cursor:pointer}</style></head>' +
    `<body><h1>${title}</h1>${body}</body></html>`
  );
}

export function confirmationPage(): string {
  return page(
    'Unsubscribe?',
    '<p>Confirm that you want to stop receiving these emails.</p>' +
      '<form method="post"><input type="hidden" name="confirm" value="yes">' +
      '<button type="submit">Unsubscribe</button></form>',
  );
}

export function donePage(): string {
  return page('You are unsubscribed', '<p>You will not receive these emails any more.</p>');
}

export function invalidPage(): string {
  return page('Link not valid', '<p>This unsubscribe link is not valid.</p>');
}
