import { execFile, spawn, type ChildProcess } from 'node:child_process';

/** Children still running; whatever happens to the bench, none of them outlives it. */
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/** Starts `node file`, waits for output (stdout or stderr) matching `ready`, answers the child and the match. */
export async function spawnUntil(file: string, args: string[], ready: RegExp, env: Record<string, string> = {}): Promise<{ child: ChildProcess; match: RegExpExecArray; head(): string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [file, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let head = '';
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => (children.delete(child), resolve())));
  const ready_ = new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file} did not start:\n${head}`)), 30_000);
    const onData = (d: Buffer) => {
      if (head.length < 65_536) head += d.toString();
      const m = ready.exec(head);
      if (m) (clearTimeout(timer), resolve(m));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(() => reject(new Error(`${file} exited:\n${head}`)));
  });
  const match = await ready_.catch((err: unknown) => {
    child.kill('SIGKILL');
    throw err;
  });
  return {
    child,
    match,
    head: () => head,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Runs `node file args` to completion; answers stdout, the exit code and the wall time. */
export function runNode(file: string, args: string[], env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string; code: number; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [file, ...args], { env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ stdout, stderr, code: err ? ((err as { code?: number }).code ?? 1) : 0, ms: Date.now() - started });
    });
  });
}
