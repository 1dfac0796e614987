import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';

const CANDIDATES = [process.env.NGINX_PATH, '/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx'];

/** The nginx executable on this machine (Debian's `nginx` package), or undefined. */
export const nginxPath = CANDIDATES.find((path): path is string => !!path && existsSync(path));

/**
 * Whether the suites behind a real nginx run here. Without nginx they are skipped with a clear
 * message, except under CI=true, where a missing nginx must fail the run rather than pass it silently.
 */
export function nginxSuitesRun(suite: string): boolean {
  if (nginxPath) return true;
  const message = `nginx not found (install Debian's "nginx" or set NGINX_PATH): the ${suite} suite`;
  if (process.env.CI === 'true') throw new Error(`${message} cannot run, and CI requires it`);
  console.warn(`\n[vouch] ${message} is SKIPPED\n`);
  return false;
}

/** A port free on 127.0.0.1 right now, for a server that is not Node's (nginx takes a number, not 0). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A self-signed certificate for `host` (an IP address or a name), made with openssl in `dir`. */
export function selfSignedCertificate(dir: string, host: string): { certificate: string; key: string } {
  const certificate = join(dir, 'certificate.pem');
  const key = join(dir, 'key.pem');
  const altName = /^[\d.]+$/.test(host) ? `IP:${host}` : `DNS:${host}`;
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${host}`, '-addext', `subjectAltName=${altName}`, '-keyout', key, '-out', certificate], {
    stdio: 'ignore',
  });
  return { certificate, key };
}

export interface RunningNginx {
  /** What nginx wrote to its error log so far (start-up problems, upstream errors). */
  errors(): string;
  stop(): Promise<void>;
}

/**
 * Runs nginx in the foreground with `httpBlocks` (server and upstream blocks, as a merchant puts
 * in nginx's http { }) under its own prefix in `dir`: its own pid, logs and temporary files, a
 * single process as the user running the tests, never the system service. Resolves once every
 * port in `ports` accepts connections.
 */
export async function startNginx(options: { dir: string; httpBlocks: string; ports: number[] }): Promise<RunningNginx> {
  const prefix = join(options.dir, 'nginx');
  mkdirSync(join(prefix, 'logs'), { recursive: true });
  const errorLog = join(prefix, 'logs', 'error.log');
  const config = join(prefix, 'nginx.conf');
  writeFileSync(
    config,
    `daemon off;
master_process off;
pid ${join(prefix, 'nginx.pid')};
error_log ${errorLog} warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${join(prefix, 'client_body')};
  proxy_temp_path ${join(prefix, 'proxy')};
  fastcgi_temp_path ${join(prefix, 'fastcgi')};
  uwsgi_temp_path ${join(prefix, 'uwsgi')};
  scgi_temp_path ${join(prefix, 'scgi')};
${options.httpBlocks}
}
`,
  );
  const errors = () => (existsSync(errorLog) ? readFileSync(errorLog, 'utf8') : '');
  const child: ChildProcess = spawn(nginxPath!, ['-p', prefix, '-c', config, '-e', errorLog], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 10_000;
  for (const port of options.ports) {
    while (!(await accepts(port))) {
      const gone = await Promise.race([exited, new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), 50))]);
      if (gone !== 'running') throw new Error(`nginx exited (${gone}) at start: ${stderr}${errors()}`);
      if (Date.now() > deadline) throw new Error(`nginx did not listen on ${port} in time: ${stderr}${errors()}`);
    }
  }
  return {
    errors,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
