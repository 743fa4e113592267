// npm run data:refresh [-- --only apple,google,amazon,...]: downloads the address lists whose
// publishers offer official downloads and rewrites lib/classifier/data, recording the date and
// the source in data/refresh-log.md. Needs internet access; never run by tests (the parsers it
// uses are, on the shipped files). Lists without an official download (Microsoft's weekly
// service-tag file, the proxy/scanner CSV, Hetzner, OVH) keep their shipped copies.

import fs from 'node:fs';
import path from 'node:path';
import { parseCidr } from '@/lib/classifier/ip';
import {
  dropSpecialPurpose,
  mergeCidrs,
  parseAppleEgress,
  parseAwsIpRanges,
  parseGeofeed,
  parseGooglePrefixes,
  parseOracleRanges,
} from '@/lib/classifier/refresh-parsers';
import { resolveDataDir } from '@/lib/classifier/network';

type Families = { v4: string[]; v6: string[] };

interface Source {
  key: string;
  url: string;
  parse: (text: string) => Families;
  /** Writes the parsed lists; returns the files written. */
  write: (dir: string, lists: Families, raw: string) => string[];
}

function writeLines(dir: string, file: string, cidrs: string[]): string {
  fs.writeFileSync(path.join(dir, file), cidrs.length > 0 ? `${cidrs.join('\n')}\n` : '');
  return file;
}

function cloudWriter(provider: string): Source['write'] {
  return (dir, lists) => {
    const files = [writeLines(dir, `cloud/${provider}-ipv4.txt`, dropSpecialPurpose(lists.v4))];
    if (lists.v6.length > 0) {
      files.push(writeLines(dir, `cloud/${provider}-ipv6.txt`, dropSpecialPurpose(lists.v6)));
    }
    return files;
  };
}

const SOURCES: Source[] = [
  {
    key: 'apple',
    url: 'https://mask-api.icloud.com/egress-ip-ranges.csv',
    parse: parseAppleEgress,
    write: (dir, lists) => {
      // Apple's file has ~290k rows with geo columns; the classifier only needs merged CIDRs.
      const rows = mergeCidrs([...lists.v4, ...lists.v6]).map(
        (c) => `${c},${c.includes(':') ? 6 : 4}`,
      );
      fs.writeFileSync(
        path.join(dir, 'apple-egress-ip-ranges.csv'),
        `cidr,ip_version\n${rows.join('\n')}\n`,
      );
      return ['apple-egress-ip-ranges.csv'];
    },
  },
  {
    key: 'google',
    url:
      'https://developers.google.com/static/search/apis/ipranges/' +
      'user-triggered-fetchers-google.json',
    parse: parseGooglePrefixes,
    write: (dir, _lists, raw) => {
      fs.writeFileSync(path.join(dir, 'google-user-triggered-fetchers-google.json'), raw);
      return ['google-user-triggered-fetchers-google.json'];
    },
  },
  {
    key: 'amazon',
    url: 'https://ip-ranges.amazonaws.com/ip-ranges.json',
    parse: parseAwsIpRanges,
    write: cloudWriter('amazon'),
  },
  {
    key: 'google-cloud',
    url: 'https://www.gstatic.com/ipranges/cloud.json',
    parse: parseGooglePrefixes,
    write: cloudWriter('google'),
  },
  {
    key: 'oracle',
    url: 'https://docs.oracle.com/en-us/iaas/tools/public_ip_ranges.json',
    parse: parseOracleRanges,
    write: cloudWriter('oracle'),
  },
  {
    key: 'digitalocean',
    url: 'https://www.digitalocean.com/geo/google.csv',
    parse: parseGeofeed,
    write: cloudWriter('digitalocean'),
  },
  {
    key: 'linode',
    url: 'https://geoip.linode.com/',
    parse: parseGeofeed,
    write: cloudWriter('linode'),
  },
  {
    key: 'vultr',
    url: 'https://geofeed.constant.com/?text',
    parse: parseGeofeed,
    write: cloudWriter('vultr'),
  },
];

/** Rejects a download that parsed to nothing or to text that is not CIDRs. */
function checkLists(key: string, lists: Families): void {
  const all = [...lists.v4, ...lists.v6];
  if (all.length === 0) throw new Error(`${key}: no prefixes found in the download`);
  const bad = all.find((c) => parseCidr(c) === null);
  if (bad) throw new Error(`${key}: not a CIDR: ${bad.slice(0, 60)}`);
}

async function download(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

function appendLog(dir: string, lines: string[]): void {
  const file = path.join(dir, 'refresh-log.md');
  const header = fs.existsSync(file)
    ? ''
    : '# Refresh log (npm run data:refresh)\n\n' +
      '| date | list | source | files | prefixes |\n|---|---|---|---|---|\n';
  fs.appendFileSync(file, header + lines.join('\n') + '\n');
}

async function main(argv: string[]): Promise<number> {
  const onlyIndex = argv.indexOf('--only');
  const only = onlyIndex >= 0 ? new Set((argv[onlyIndex + 1] ?? '').split(',')) : null;
  const unknown = only ? [...only].filter((k) => !SOURCES.some((s) => s.key === k)) : [];
  if (unknown.length > 0) {
    console.error(
      `unknown list(s): ${unknown.join(', ')}; known: ${SOURCES.map((s) => s.key).join(', ')}`,
    );
    return 2;
  }
  const dir = resolveDataDir();
  const date = new Date().toISOString().slice(0, 10);
  const log: string[] = [];
  let failed = 0;

  for (const source of SOURCES.filter((s) => !only || only.has(s.key))) {
    try {
      const raw = await download(source.url);
      const lists = source.parse(raw);
      checkLists(source.key, lists);
      const files = source.write(dir, lists, raw);
      const count = lists.v4.length + lists.v6.length;
      log.push(`| ${date} | ${source.key} | ${source.url} | ${files.join(', ')} | ${count} |`);
      console.log(`${source.key}: ${count} prefixes -> ${files.join(', ')}`);
    } catch (error) {
      failed++;
      console.error(`${source.key}: kept the shipped copy: ${(error as Error).message}`);
    }
  }
  if (log.length > 0) appendLog(dir, log);
  console.log('Restart the server so the classifier loads the new lists.');
  return failed > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
