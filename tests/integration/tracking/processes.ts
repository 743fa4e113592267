// Child processes for the heavier tracking tests: the product's Node entry in tracking-only
// mode (run from source with tsx's loader, one process, so kill -9 hits the server itself),
// and a TCP proxy between the product and PostgreSQL that a test can stop and start.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { httpRequest } from './http';

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  /** What the process printed (start-up failures, warnings). */
  output(): string;
  /** SIGKILL, no chance to flush anything. */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

export async function spawnTracker(
  port: number,
  env: Record<string, string>,
): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'lib/server/main.ts', '--tracking-only'],
    {
      cwd: process.cwd(),
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  for (let attempt = 0; ; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`tracker exited early:\n${output}`);
    if (attempt > 300) throw new Error(`tracker did not start:\n${output}`);
    try {
      await httpRequest(port, '/api/health');
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  return {
    child,
    port,
    output: () => output,
    async crash() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface TcpProxy {
  port: number;
  start(): Promise<void>;
  /** Closes the listener and cuts every open connection, like a database host going away. */
  stop(): Promise<void>;
}

export function createTcpProxy(port: number, target: { host: string; port: number }): TcpProxy {
  let server: Server | null = null;
  const sockets = new Set<Socket>();

  return {
    port,
    async start() {
      server = createServer((client) => {
        const upstream = connect(target.port, target.host);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => socket.destroy());
        }
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      if (server) await new Promise((resolve) => server!.close(resolve));
      server = null;
    },
  };
}
