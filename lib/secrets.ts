// Server secrets. Production takes them from the environment; a fresh clone generates them on
// first run and keeps them in the data folder (mode 0600), so restarts keep tokens valid.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { env } from './config';

const SecretsFile = z.object({
  tokenSecret: z.string().min(32),
  authSecret: z.string().min(32),
});

export type Secrets = z.infer<typeof SecretsFile>;

const GLOBAL_KEY = Symbol.for('verity.secrets');
type Holder = { [GLOBAL_KEY]?: Secrets };

export function getSecrets(): Secrets {
  const holder = globalThis as Holder;
  if (holder[GLOBAL_KEY]) return holder[GLOBAL_KEY];

  const config = env();
  const fromEnv = config.VERITY_TOKEN_SECRET && config.NEXTAUTH_SECRET;
  const secrets = fromEnv
    ? { tokenSecret: config.VERITY_TOKEN_SECRET!, authSecret: config.NEXTAUTH_SECRET! }
    : loadOrCreate(path.resolve(config.VERITY_DATA_DIR, 'secrets.json'), config);

  holder[GLOBAL_KEY] = secrets;
  return secrets;
}

function loadOrCreate(file: string, config: ReturnType<typeof env>): Secrets {
  let stored: Partial<Secrets> = {};
  if (existsSync(file)) {
    const parsed = SecretsFile.partial().safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success)
      throw new Error(`${file} is not a valid secrets file; remove it to regenerate`);
    stored = parsed.data;
  }

  // Only generated secrets are written to disk; one given in the environment never is.
  const generated: Secrets = {
    tokenSecret: stored.tokenSecret ?? randomSecret(),
    authSecret: stored.authSecret ?? randomSecret(),
  };
  if (generated.tokenSecret !== stored.tokenSecret || generated.authSecret !== stored.authSecret) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(generated, null, 2) + '\n', { mode: 0o600 });
    chmodSync(file, 0o600);
  }

  return {
    tokenSecret: config.VERITY_TOKEN_SECRET ?? generated.tokenSecret,
    authSecret: config.NEXTAUTH_SECRET ?? generated.authSecret,
  };
}

function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}
